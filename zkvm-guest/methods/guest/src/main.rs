//! The Veritree guest: proves "this model gets `correct` of `total` rows right on this test set".
//!
//! Private input (stdin, raw frames so no serde word-per-byte overhead):
//!   u32 LE len, model bytes; u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold bps.
//! Public output (journal): the 256-byte ABI-encoded format-1 journal from `veritree-core`.
//! Invalid input panics, so no journal and no receipt exist for it.

use risc0_zkvm::guest::env;
use risc0_zkvm::sha::{Impl, Sha256};
use veritree_core::accuracy_journal;

fn read_frame() -> Vec<u8> {
    let mut len = [0u8; 4];
    env::read_slice(&mut len);
    let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
    env::read_slice(&mut bytes);
    bytes
}

fn main() {
    let model = read_frame();
    let test_set = read_frame();
    let mut job_id = [0u8; 32];
    env::read_slice(&mut job_id);
    let mut threshold = [0u8; 4];
    env::read_slice(&mut threshold);

    // SHA-256 through the zkVM's accelerator; the result is plain SHA-256 of the bytes.
    let sha256 = |bytes: &[u8]| -> [u8; 32] { Impl::hash_bytes(bytes).as_bytes().try_into().unwrap() };
    let journal = accuracy_journal(&model, &test_set, job_id, u32::from_le_bytes(threshold), sha256)
        .unwrap_or_else(|e| panic!("invalid input: {e}"));
    env::commit_slice(&journal.encode());
}
