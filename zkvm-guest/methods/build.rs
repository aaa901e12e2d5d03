//! Builds the guest (methods/guest) for the zkVM and embeds its program binary and image id.
//!
//! Replaces `risc0_build::embed_methods()`, which regenerates `methods.rs` on every run and then
//! declares `cargo:rerun-if-changed` on that very file: the build script, this crate and the host
//! were therefore rebuilt on every `cargo build` (about 75 s of wall time even with nothing changed).
//! Here the script reruns only when an input of the guest changes, and it writes its outputs only
//! when their bytes change.
//!
//! The rerun-if-changed paths are relative on purpose: cargo's target dir is shared by every clone
//! (scripts/build-zkvm.sh), and a relative path is resolved against the clone being built.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use risc0_build::{build_package, get_package, GuestOptions};

/// Everything the guest's bytes depend on, relative to this crate (methods/).
const GUEST_INPUTS: &[&str] = &["guest/src", "guest/Cargo.toml", "guest/Cargo.lock", "../core/src", "../core/Cargo.toml"];

/// Environment that changes how the guest is built (risc0-build also declares the ones it reads).
const GUEST_ENV: &[&str] = &["RISC0_HOME", "RUSTC_BOOTSTRAP", "RISC0_RUST_SRC", "RISC0_BUILD_DEBUG", "RISC0_SKIP_BUILD"];

fn main() {
    for input in GUEST_INPUTS {
        println!("cargo:rerun-if-changed={input}");
    }
    for var in GUEST_ENV {
        println!("cargo:rerun-if-env-changed={var}");
    }

    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR"));
    let guest = get_package(manifest_dir.join("guest"));
    // Same folder as embed_methods() used, so a warm target dir keeps its compiled guest std.
    let guest_target = target_dir(&out_dir).join("riscv-guest").join("veritree-methods").join("veritree-guest");
    let entries = build_package(&guest, &guest_target, GuestOptions::default()).expect("cannot build the guest");
    let [entry] = entries.as_slice() else { panic!("expected exactly one guest binary, got {}", entries.len()) };
    assert!(!entry.elf.is_empty(), "the guest build produced no program (RISC0_SKIP_BUILD set?)");

    // A private copy in OUT_DIR: the guest target dir is shared, so another build may replace the
    // file there while this crate is still being compiled.
    let elf_path = out_dir.join("veritree-guest.bin");
    write_if_changed(&elf_path, &entry.elf);
    let id = entry.image_id.as_words();
    let methods = format!(
        "/// The guest program: the v1compat kernel wrapped around the guest ELF (risc0 `ProgramBinary`).\n\
         pub const VERITREE_GUEST_ELF: &[u8] = include_bytes!({elf:?});\n\
         /// The guest's image id (zkVerify's `vk`) as eight little-endian words.\n\
         pub const VERITREE_GUEST_ID: [u32; 8] = {id:?};\n",
        elf = elf_path.display().to_string(),
    );
    write_if_changed(&out_dir.join("methods.rs"), methods.as_bytes());
    // For `build-zkvm.sh --guest-only`, which compares image ids without building the host.
    let hex: String = entry.image_id.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    write_if_changed(&out_dir.join("image-id"), format!("0x{hex}\n").as_bytes());
}

/// Cargo's target dir: `$CARGO_TARGET_DIR` when absolute (build-zkvm.sh sets it), else the
/// ancestor of OUT_DIR that cargo tagged with CACHEDIR.TAG.
fn target_dir(out_dir: &Path) -> PathBuf {
    if let Some(dir) = env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).filter(|d| d.is_absolute()) {
        return dir;
    }
    out_dir
        .ancestors()
        .find(|d| d.join("CACHEDIR.TAG").exists())
        .expect("cannot find cargo's target dir above OUT_DIR")
        .to_path_buf()
}

/// Writes only when the bytes differ, so an unchanged output keeps its mtime and nothing that
/// includes it is recompiled.
fn write_if_changed(path: &Path, bytes: &[u8]) {
    if fs::read(path).is_ok_and(|old| old == bytes) {
        return;
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
