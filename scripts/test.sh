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

step "Contracts: Hardhat 3 (EDR) tests"
npm run --silent test -w @veritree/contracts

step "Backend, devnet and frontend logic: unit, HTTP and real-proof tests"
# One file at a time: the real-proof tests saturate both cores on their own.
node --test --test-concurrency=1 'backend/core/src/**/*.test.ts' 'backend/src/**/*.test.ts' 'scripts/**/*.test.ts' 'frontend/src/**/*.test.ts'

step "Frontend: real browser against the whole local stack"
# setup.sh has built frontend/dist already.
node --test --test-concurrency=1 'frontend/e2e/**/*.test.ts'
