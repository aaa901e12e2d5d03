#!/usr/bin/env bash
# Builds the RISC Zero proving core (zkvm-guest/): the guest for riscv32im-risc0-zkvm-elf and the
# host CLI `veritree-prover` (release). Idempotent and incremental: cargo's target dir lives outside
# the clone, in ${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}/zkvm-target.
#
# Nothing is downloaded except Debian packages (apt) and crates (crates.io):
# - the Rust toolchain is Debian's rustc-web 1.96 with its matching std sources (build-std for the
#   guest), registered in a private RISC0_HOME so risc0-build finds it without rzup's installer;
# - risc0-circuit-recursion's build script wants to download recursion_zkr.zip; DOCS_RS=1 makes it
#   write an empty placeholder instead. Only that crate reads DOCS_RS in this dependency tree (checked
#   below on every build), and the placeholder only disables lift/join/union, so the prover emits
#   composite receipts, which zkVerify accepts.
#
# Usage: bash scripts/build-zkvm.sh [--test]   (--test also runs the Rust unit tests of the core)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WS="$ROOT/zkvm-guest"
CACHE="${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}"
export CARGO_TARGET_DIR="$CACHE/zkvm-target"
RUST_VERSION="1.96.0"
# rust-web-llvm's /usr/bin/rust-lld is a symlink to lld-22, which it does not pull in itself.
DEB_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)

log() { printf '[build-zkvm] %s\n' "$*" >&2; }
die() { printf '[build-zkvm] error: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian toolchain -------------------------------------------------------------------------
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${missing[*]}"
    SUDO="sudo"
  fi
  # Wait for other apt users instead of failing on the dpkg lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    "${DEB_PACKAGES[@]}" >&2
fi

export RUSTC=/usr/bin/rustc
export CARGO=/usr/bin/cargo
[[ -x "$RUSTC" && -x "$CARGO" ]] || die "Debian's rustc/cargo not found in /usr/bin"
rustc_version="$("$RUSTC" --version | awk '{print $2}')"
[[ "$rustc_version" == "$RUST_VERSION" ]] ||
  die "expected Debian rustc $RUST_VERSION, found $rustc_version (apt-get install ${DEB_PACKAGES[*]})"
RUST_SRC="$("$RUSTC" --print sysroot)/lib/rustlib/src/rust"
[[ -f "$RUST_SRC/library/std/Cargo.toml" ]] || die "std sources missing at $RUST_SRC (install rust-web-src)"
/usr/bin/rust-lld -flavor gnu --version >/dev/null 2>&1 || die "/usr/bin/rust-lld does not run (install lld-22)"

# Debian's cargo/rustc first, so nothing resolves to rustup's proxies (which pick another version).
export PATH="/usr/bin:$PATH"
unset RUSTUP_TOOLCHAIN
# build-std (-Z) on a stable toolchain.
export RUSTC_BOOTSTRAP=1
# risc0-build hands this to cargo as __CARGO_TESTS_ONLY_SRC_ROOT, which cargo takes as the std
# workspace itself: the `library` folder, not the source root above it.
export RISC0_RUST_SRC="$RUST_SRC/library"

# --- 2. register the toolchain where risc0-build (via rzup) looks for it ---------------------------
export RISC0_HOME="$CACHE/risc0-home"
tc="$RISC0_HOME/toolchains/v${RUST_VERSION}-rust-$("$RUSTC" -vV | awk '/^host:/{print $2}')"
mkdir -p "$tc/bin"
for tool in rustc cargo; do
  printf '#!/bin/sh\nexec /usr/bin/%s "$@"\n' "$tool" >"$tc/bin/$tool.new"
  chmod +x "$tc/bin/$tool.new"
  mv "$tc/bin/$tool.new" "$tc/bin/$tool"
done
printf '[default_versions]\nrust = "%s"\n' "$RUST_VERSION" >"$RISC0_HOME/settings.toml"

# --- 3. crates, and the DOCS_RS guard -------------------------------------------------------------
log "fetching crates (crates.io)"
"$CARGO" fetch --manifest-path "$WS/Cargo.toml" --locked >&2
"$CARGO" fetch --manifest-path "$WS/methods/guest/Cargo.toml" --locked >&2

# DOCS_RS is process-wide, so make sure no other crate in either lock file changes behaviour under it.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
readers="$(
  for lock in "$WS/Cargo.lock" "$WS/methods/guest/Cargo.lock"; do
    awk '/^name = /{gsub(/"/,"",$3); n=$3} /^version = /{gsub(/"/,"",$3); print n"-"$3}' "$lock"
  done | sort -u | while read -r crate; do
    for dir in "$registry"/*/"$crate"; do
      if [[ -d "$dir" ]] && grep -rlq 'DOCS_RS' "$dir"; then echo "$crate"; fi
    done
  done | sort -u | tr '\n' ' '
)"
[[ "$readers" =~ ^(risc0-circuit-recursion-[0-9.]+\ )*$ ]] ||
  die "crates other than risc0-circuit-recursion read DOCS_RS: $readers-- review before building"
export DOCS_RS=1

# --- 4. build ---------------------------------------------------------------------------------
log "building (target dir $CARGO_TARGET_DIR)"
"$CARGO" build --manifest-path "$WS/Cargo.toml" --locked --release -p veritree-host >&2
if [[ "${1:-}" == "--test" ]]; then
  "$CARGO" test --manifest-path "$WS/Cargo.toml" --locked -p veritree-core >&2
fi
bin="$CARGO_TARGET_DIR/release/veritree-prover"
[[ -x "$bin" ]] || die "build finished but $bin is missing"
log "ok: $bin"
"$bin" image-id
