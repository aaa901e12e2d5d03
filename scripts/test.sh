#!/usr/bin/env bash
# `npm test`: set up whatever is missing, then run every suite: Rust core, contracts, backend (with real
# RISC Zero proofs), and the browser tests against the whole local stack. Stops at the first red suite.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

if ! command -v chromium >/dev/null; then
  step "Installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

step "Rust: canonical formats and golden vectors (zkvm-guest/core)"
bash scripts/build-zkvm.sh --test

# The contract tests (about 3.5 minutes, most of it the invariant walks) use one core, and so do the
# node tests between real proofs, so they run beside the node tests instead of before them: in the
# background, at a lower priority, so that a proof using both cores barely shares them. setup.sh has
# compiled the contracts and generated their ABIs, so `hardhat test` only reads what the node tests
# import (`npm run test -w @veritree/contracts` would regenerate those files while they are read).
contracts_log="$(mktemp)"
contracts_pid=""
# Its own process group (setsid), so that a red suite below stops it and whatever it started.
stop_contracts() { if [ -n "$contracts_pid" ]; then kill -- "-$contracts_pid" 2>/dev/null || true; fi; }
trap stop_contracts EXIT
step "Contracts: Hardhat 3 (EDR) tests, in the background (their output follows the node tests)"
(cd contracts && exec setsid -w nice -n 10 hardhat test) >"$contracts_log" 2>&1 &
contracts_pid=$!

step "Backend, devnet and frontend logic: unit, HTTP and real-proof tests"
# One file at a time: the real-proof tests saturate both cores on their own.
node --test --test-concurrency=1 'backend/core/src/**/*.test.ts' 'backend/src/**/*.test.ts' 'scripts/**/*.test.ts' 'frontend/src/**/*.test.ts'

step "Contracts: Hardhat 3 (EDR) tests (run beside the node tests)"
contracts_status=0
wait "$contracts_pid" || contracts_status=$?
contracts_pid=""
cat "$contracts_log"
rm -f "$contracts_log"
if [ "$contracts_status" -ne 0 ]; then
  echo "contract tests failed (exit $contracts_status)" >&2
  exit "$contracts_status"
fi

step "Frontend: real browser against the whole local stack"
# setup.sh has built frontend/dist already.
node --test --test-concurrency=1 'frontend/e2e/**/*.test.ts'
