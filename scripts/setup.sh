#!/usr/bin/env bash
# Brings a clone to a runnable state: npm packages (Node 24 comes with them), the RISC Zero prover,
# the contracts and the frontend. Every step is skipped or incremental when there is nothing new to do,
# so `npm start` and `npm test` can both call it on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Install when node_modules is missing or older than the lockfile. The machine's npm runs this on Node 20;
# everything after it runs on the Node 24 that the `node` package puts in node_modules/.bin.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm packages"
  # npm install rather than npm ci: the registry this machine reaches does not serve Biome's packages for
  # other platforms, so they are absent from the lockfile and `npm ci` refuses it as out of sync. npm install
  # still installs exactly the versions the lockfile pins.
  npm install --no-audit --no-fund
fi
export PATH="$PWD/node_modules/.bin:$PATH"
node -e 'const [maj] = process.versions.node.split("."); if (+maj < 24) { console.error(`Node ${process.version} on PATH; expected the pinned Node 24 from node_modules/.bin`); process.exit(1) }'

step "Building the RISC Zero guest and prover (zkvm-guest/)"
bash scripts/build-zkvm.sh

step "Compiling contracts and generating their ABIs (contracts/)"
npm run --silent build -w @veritree/contracts

if [ "${VERITREE_SKIP_FRONTEND:-}" != 1 ]; then
  step "Building the frontend (frontend/)"
  npm run --silent build -w @veritree/frontend
fi
