#!/usr/bin/env bash
# `npm run demo`: works from a fresh clone (system packages, npm ci and the build happen first).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec node_modules/.bin/tsx scripts/demo.ts "$@"
