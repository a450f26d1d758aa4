#!/usr/bin/env bash
# `npm start`: the demo's JupyterLab against the real Globus services.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
exec node_modules/.bin/tsx scripts/start.ts "$@"
