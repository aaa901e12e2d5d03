#!/usr/bin/env bash
# Do risc0's own build options change proving time? (issue 11, "Proving time")
#
# risc0's CPU prover evaluates the circuit's constraint polynomials in generated C++
# (risc0-circuit-rv32im-sys, risc0-sys), compiled by the `cc` crate with its defaults (-O3 for a release
# build, no -march), so the C++ never uses this CPU's vector units. `cc` reads CXXFLAGS and reruns when
# it changes, so a build with other CXXFLAGS recompiles only those kernels and what links them.
#
# This script builds a second prover from this clone with CXXFLAGS (default "-march=native") in a copy
# of the cache (so the shared target dir and every clone's prover stay as they are), then proves the
# same cases with the default prover and the variant, alternately, on the same inputs (bench.ts with
# VERITREE_PROVER_BIN), and prints both rows side by side. Run it on an idle machine, under the lock:
#
#   flock /tmp/veritree-heavy.lock bash zkvm-guest/bench/build-options.sh ["-march=native"] [CASES]
#
# CASES defaults to 30x4,1000x8. The variant build takes minutes to tens of minutes (the kernels are
# several MB of generated C++). Output: the comparison table on stdout and in /tmp (path printed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLAGS="${1:--march=native}"
CASES="${2:-30x4,1000x8}"
CACHE="${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}"
VARIANT_CACHE="${VARIANT_CACHE:-$CACHE-variant}"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/veritree-build-options-XXXXXX")"
export PATH="$ROOT/node_modules/.bin:$PATH"

log() { printf '[build-options] %s\n' "$*" >&2; }

default_bin="$(readlink -f "$ROOT/zkvm-guest/bin/veritree-prover")"
[[ -x "$default_bin" ]] || { log "build the default prover first: bash scripts/build-zkvm.sh"; exit 1; }

if [[ ! -d "$VARIANT_CACHE/zkvm-target" ]]; then
  log "copying $CACHE to $VARIANT_CACHE (registry crates stay compiled)"
  cp -a "$CACHE" "$VARIANT_CACHE"
fi
# Other CXXFLAGS rebuild risc0-circuit-recursion-sys, so risc0-circuit-recursion's build script runs again;
# finding the empty recursion_zkr.zip that DOCS_RS=1 left (scripts/build-zkvm.sh), it deletes it and tries
# to download the real one (offline here: HTTP 400). Without the file it writes the placeholder again.
# Only when the flags change: if the script does not rerun, the crate needs the file that is there.
if [[ "$(cat "$VARIANT_CACHE/.variant-cxxflags" 2>/dev/null || true)" != "$FLAGS" ]]; then
  rm -f "$VARIANT_CACHE"/zkvm-target/release/build/risc0-circuit-recursion-*/out/recursion_zkr.zip
fi
log "building the variant with CXXFLAGS='$FLAGS' in $VARIANT_CACHE"
start=$SECONDS
VERITREE_CACHE_DIR="$VARIANT_CACHE" CXXFLAGS="$FLAGS" bash "$ROOT/scripts/build-zkvm.sh" >/dev/null
echo "$FLAGS" >"$VARIANT_CACHE/.variant-cxxflags"
log "variant built in $((SECONDS - start)) s"
# The store keeps the first binary of a source key, so take the variant straight from its target dir,
# and put this clone's link back on the default prover.
variant_bin="$OUT/veritree-prover-variant"
cp "$VARIANT_CACHE/zkvm-target/release/veritree-prover" "$variant_bin"
bash "$ROOT/scripts/build-zkvm.sh" >/dev/null

default_id="$("$default_bin" image-id)"
variant_id="$("$variant_bin" image-id)"
[[ "$default_id" == "$variant_id" ]] || { log "image ids differ: $default_id vs $variant_id"; exit 1; }

{
  echo "CXXFLAGS='$FLAGS' vs the default build, $(date -u +%FT%TZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)"
  echo
  echo "| build | rows | depth | nodes | cycles | segments (po2) | proving s | total s | peak MiB | receipt KiB | verify ms | zkVerify ok | load avg (start/end) |"
  echo "| ----- | ---- | ----- | ----- | ------ | -------------- | --------- | ------- | -------- | ----------- | --------- | ----------- | -------------------- |"
} >"$OUT/table.md"
IFS=',' read -ra cases <<<"$CASES"
for c in "${cases[@]}"; do
  for build in default variant; do
    bin="$default_bin"
    [[ "$build" == variant ]] && bin="$variant_bin"
    row="$(VERITREE_PROVER_BIN="$bin" node "$ROOT/zkvm-guest/bench/bench.ts" --cases "$c" --out "$OUT/$build-$c.md" |
      grep -E '^\| [0-9]' | tail -n 1)"
    label="$build"
    [[ "$build" == variant ]] && label="$FLAGS"
    echo "| $label $row" | tee -a "$OUT/table.md"
  done
done
log "results: $OUT/table.md"
