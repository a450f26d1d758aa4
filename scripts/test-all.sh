#!/usr/bin/env bash
# `npm test`: the whole suite from a fresh clone. Bootstraps (system packages, npm ci, build),
# then runs lint, the type check, the jest projects and the real-browser e2e suite, and ends
# with one line: "N passed, N failed". Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

started=$(date +%s)
bash scripts/bootstrap.sh || { echo "bootstrap failed: nothing was tested"; echo "0 passed, 1 failed"; exit 1; }

out=test-output/results
rm -rf "$out"
mkdir -p "$out"
: >"$out/stages.tsv"

# stage NAME JSON-FILE|- COMMAND...: runs every stage even after a failure, records its outcome.
stage() {
  local name=$1 json=$2
  shift 2
  printf '\n== %s\n' "$name"
  local t0=$SECONDS
  "$@"
  local status=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$status" "$json" "$((SECONDS - t0))" >>"$out/stages.tsv"
}

# Two workers on the 2-core target; jest's default (cores - 1) would serialise everything.
stage lint - npm run -s lint
stage typecheck - npm run -s typecheck
stage unit "$out/unit.json" npx jest --selectProjects sandbox server machines frontend tools \
  --maxWorkers=2 --json --outputFile="$out/unit.json"
stage e2e "$out/e2e.json" npx jest --selectProjects e2e --runInBand \
  --json --outputFile="$out/e2e.json"
stage hub "$out/hub.json" npx jest --selectProjects hub --runInBand \
  --json --outputFile="$out/hub.json"

printf '\n'
node scripts/summarize-tests.cjs "$out/stages.tsv" "$(($(date +%s) - started))"
