#!/usr/bin/env bash
# Everything `npm test` and `npm run demo` need before they can run, from a fresh clone:
# system packages (only the missing ones), node_modules (`npm ci` when missing or out of date
# with package-lock.json), then `npm run build`. Plain bash + node: runs before any npm install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '\n== %s\n' "$*"; }

if ! command -v node >/dev/null; then
  echo "bootstrap: Node.js 20.18 or newer is needed (https://nodejs.org/, or NodeSource for Debian)" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=18)?0:1)'; then
  echo "bootstrap: Node.js 20.18 or newer is needed, this is $(node --version)" >&2
  exit 1
fi

step "system packages (scripts/setup-system.sh)"
bash scripts/setup-system.sh

if ! node scripts/node-modules-current.cjs; then
  step "npm ci (node_modules missing or out of date with package-lock.json)"
  npm ci --no-audit --no-fund
fi

step "npm run build"
npm run build
