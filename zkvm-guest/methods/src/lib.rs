//! The Veritree guest program, compiled for the RISC Zero zkVM by `build.rs`.
//!
//! Exposes `VERITREE_GUEST_ELF` (the v1compat-wrapped program binary) and `VERITREE_GUEST_ID`.
include!(concat!(env!("OUT_DIR"), "/methods.rs"));
