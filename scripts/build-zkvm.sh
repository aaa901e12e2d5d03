#!/usr/bin/env bash
# Builds the RISC Zero proving core (zkvm-guest/): the guest for riscv32im-risc0-zkvm-elf and the
# host CLI `veritree-prover` (release), then installs the prover for this clone.
#
# Nothing is downloaded except Debian packages (apt) and crates (crates.io):
# - the Rust toolchain is Debian's rustc-web 1.96 with its matching std sources (build-std for the
#   guest), registered in a private RISC0_HOME so risc0-build finds it without rzup's installer;
# - risc0-circuit-recursion's build script wants to download recursion_zkr.zip; DOCS_RS=1 makes it
#   write an empty placeholder instead. Only that crate reads DOCS_RS in this dependency tree (checked
#   below on every build), and the placeholder only disables lift/join/union, so the prover emits
#   composite receipts, which zkVerify accepts.
#
# cargo's target dir is shared by every clone (${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}/zkvm-target),
# so a fresh clone compiles only the workspace crates. Sharing needs three guards, all below:
# - cargo gives a workspace crate the same artifacts in every clone (its metadata hash uses the path
#   relative to the workspace) and judges freshness by mtimes, so clone B could silently reuse clone A's
#   guest. The build is keyed by a hash of the sources ("source key"); when the last build in the target
#   dir had another key, the workspace crates' fingerprints are dropped first, so they rebuild.
# - builds are serialized by a lock in the target dir;
# - the prover is installed into a store keyed by the source key ($CACHE/provers/<key>/veritree-prover)
#   and linked into the clone (zkvm-guest/bin/veritree-prover, gitignored), so building one clone never
#   replaces the binary another clone's running tests use.
# Nothing changed = nothing rebuilt (methods/build.rs reruns only when a guest input changes).
#
# Usage: bash scripts/build-zkvm.sh [--test] [--guest-only] [--force]
#   --test        also run the Rust tests of the core (unit + golden vectors)
#   --guest-only  build only the guest and print its image id (0x...) on stdout; installs nothing
#   --force       drop the workspace crates' fingerprints first (rebuild them even if cargo thinks not)
#   --source-key  print the source key and exit (no build)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WS="$ROOT/zkvm-guest"
CACHE="${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}"
export CARGO_TARGET_DIR="$CACHE/zkvm-target"
RUST_VERSION="1.96.0"
# rust-web-llvm's /usr/bin/rust-lld is a symlink to lld-22, which it does not pull in itself.
DEB_PACKAGES=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)

run_tests=0 guest_only=0 force=0 key_only=0
for arg in "$@"; do
  case "$arg" in
    --test) run_tests=1 ;;
    --guest-only) guest_only=1 ;;
    --force) force=1 ;;
    --source-key) key_only=1 ;;
    *) printf '[build-zkvm] error: unknown argument %s (see the header of %s)\n' "$arg" "$0" >&2; exit 2 ;;
  esac
done

log() { printf '[build-zkvm] %s\n' "$*" >&2; }
die() { printf '[build-zkvm] error: %s\n' "$*" >&2; exit 1; }

# Hash of everything the prover binary is built from (paths relative to the clone, so every clone of
# one commit has the same key): the workspace manifests and lock files, the three crates (the guest is
# in methods/), this script (toolchain and flags) and the Rust version it pins.
source_key() {
  {
    echo "rust $RUST_VERSION"
    cd "$ROOT" &&
      find zkvm-guest/Cargo.toml zkvm-guest/Cargo.lock zkvm-guest/core zkvm-guest/host zkvm-guest/methods \
        scripts/build-zkvm.sh -name target -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-32
}
KEY="$(source_key)"
if ((key_only)); then
  echo "$KEY"
  exit 0
fi

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
mkdir -p "$CARGO_TARGET_DIR"
# One build at a time in the shared target dir: the fingerprint reset and the install below must not
# interleave with another clone's build (cargo's own lock covers only a single cargo command).
exec 9>"$CARGO_TARGET_DIR/.veritree-build.lock"
if ! flock -n 9; then
  log "waiting for another build in $CARGO_TARGET_DIR"
  flock 9
fi

last_key_file="$CARGO_TARGET_DIR/.veritree-source-key"
last_key="$(cat "$last_key_file" 2>/dev/null || true)"
if ((force)) || [[ "$last_key" != "$KEY" ]]; then
  # The target dir holds another source tree's workspace crates (or a failed build): forget their
  # fingerprints so cargo rebuilds them from this clone's sources. Registry crates stay compiled.
  log "source key $KEY (last build: ${last_key:-none}): rebuilding the workspace crates"
  for fp in "$CARGO_TARGET_DIR"/{release,debug}/.fingerprint \
    "$CARGO_TARGET_DIR"/riscv-guest/veritree-methods/veritree-guest/riscv32im-risc0-zkvm-elf/{release,debug}/.fingerprint; do
    if [[ -d "$fp" ]]; then rm -rf "$fp"/veritree-*; fi
  done
  rm -f "$last_key_file"
fi

if ((guest_only)); then
  log "building the guest only (target dir $CARGO_TARGET_DIR)"
  messages="$("$CARGO" build --manifest-path "$WS/Cargo.toml" --locked --release -p veritree-methods \
    --message-format=json-render-diagnostics)"
  # The methods build script leaves the image id next to the program it embeds.
  out_dir="$(grep '"reason":"build-script-executed"' <<<"$messages" | grep 'veritree-methods' |
    sed -n 's/.*"out_dir":"\([^"]*\)".*/\1/p' | tail -n 1)"
  [[ -n "$out_dir" && -f "$out_dir/image-id" ]] || die "the guest build left no image id (out_dir: ${out_dir:-?})"
  echo "$KEY" >"$last_key_file"
  cat "$out_dir/image-id"
  exit 0
fi

log "building (target dir $CARGO_TARGET_DIR)"
"$CARGO" build --manifest-path "$WS/Cargo.toml" --locked --release -p veritree-host >&2
if ((run_tests)); then
  "$CARGO" test --manifest-path "$WS/Cargo.toml" --locked -p veritree-core >&2
fi
built="$CARGO_TARGET_DIR/release/veritree-prover"
[[ -x "$built" ]] || die "build finished but $built is missing"
echo "$KEY" >"$last_key_file"

# --- 5. install: source-keyed store, linked into this clone -------------------------------------
store="$CACHE/provers"
entry="$store/$KEY"
if [[ ! -x "$entry/veritree-prover" ]]; then
  mkdir -p "$entry"
  cp "$built" "$entry/.veritree-prover.$$"
  mv -f "$entry/.veritree-prover.$$" "$entry/veritree-prover"
fi
touch "$entry"
mkdir -p "$WS/bin"
ln -sfn "$entry/veritree-prover" "$WS/bin/.veritree-prover.$$"
mv -fT "$WS/bin/.veritree-prover.$$" "$WS/bin/veritree-prover"
# Keep the 8 most recently used provers; a running process keeps its binary even when pruned.
find "$store" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -rn | tail -n +9 | cut -d' ' -f2- |
  while read -r old; do rm -rf "$old"; done

log "ok: $WS/bin/veritree-prover -> $entry/veritree-prover"
"$WS/bin/veritree-prover" image-id
