#!/usr/bin/env bash
# `npm start`: set up whatever is missing, then run the whole marketplace on its local defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec node scripts/start.ts "$@"
