//! What zkVerify's RISC Zero verifier (settlementRisc0Pallet, V3_0) accepts.
//!
//! The one list is `backend/core/src/zkverify/limits.ts`; `vectors/generate.ts` copies it into
//! `golden.json` and `tests/golden.rs` fails if these numbers drift from it.

/// A composite receipt has at most this many segments.
pub const ZKVERIFY_MAX_SEGMENTS: usize = 4;
/// Each segment at most this many bytes (checked on its CBOR encoding, the stricter reading).
pub const ZKVERIFY_MAX_SEGMENT_BYTES: usize = 350_000;
/// Each segment at most 2^21 cycles.
pub const ZKVERIFY_MAX_PO2: u32 = 21;
/// The journal (`publicSignals`) at most this many bytes.
pub const ZKVERIFY_MAX_PUBLIC_INPUTS_BYTES: usize = 2_052;
