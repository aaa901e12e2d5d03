//! The Veritree guest: proves "this model gets `correct` of `total` rows right on this test set".
//!
//! Private input (stdin, raw frames so no serde word-per-byte overhead):
//!   u32 LE len, model bytes; u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold bps.
//! Public output (journal): the 256-byte ABI-encoded format-1 journal from `veritree-core`.
//! Invalid input panics, so no journal and no receipt exist for it.

use risc0_zkvm::guest::env;
use risc0_zkvm::sha::{Digest, Impl, Sha256, SHA256_INIT};
use veritree_core::{evaluate_streamed, CompiledModel, Error, Model, Sha256Blocks};

fn read_u32() -> u32 {
    let mut word = [0u8; 4];
    env::read_slice(&mut word);
    u32::from_le_bytes(word)
}

/// A length-prefixed frame, read as words (reading bytes costs the zkVM more than words).
fn read_frame() -> (Vec<u32>, usize) {
    let len = read_u32() as usize;
    let mut words = vec![0u32; len.div_ceil(4)];
    read_words(&mut words, len);
    (words, len)
}

/// Reads the next `bytes` bytes of stdin into `words` (a partial last word is zero-padded).
fn read_words(words: &mut [u32], bytes: usize) {
    let whole = bytes / 4;
    env::read_slice(&mut words[..whole]);
    if bytes % 4 != 0 {
        let mut tail = [0u8; 4];
        env::read_slice(&mut tail[..bytes % 4]);
        words[whole] = u32::from_le_bytes(tail);
    }
}

/// SHA-256 block compression through the zkVM's accelerator.
struct GuestSha(Digest);

impl Sha256Blocks for GuestSha {
    fn compress(&mut self, words: &[u32]) {
        self.0 = *Impl::compress_slice(&self.0, bytemuck::cast_slice(words));
    }
    fn digest(&self) -> [u8; 32] {
        self.0.as_bytes().try_into().unwrap()
    }
}

fn main() {
    let invalid = |e: Error| -> ! { panic!("invalid input: {e}") };
    let (model_words, model_len) = read_frame();
    let model_bytes: &[u8] = &bytemuck::cast_slice(&model_words)[..model_len];
    let model = Model::decode(model_bytes).unwrap_or_else(|e| invalid(e));
    let model_hash: [u8; 32] = Impl::hash_bytes(model_bytes).as_bytes().try_into().unwrap();
    // The test set streams through a fixed buffer while it is hashed and evaluated.
    let test_set_len = read_u32() as usize;
    let test_set = evaluate_streamed(&CompiledModel::new(&model), test_set_len, read_words, GuestSha(SHA256_INIT))
        .unwrap_or_else(|e| invalid(e));
    let mut job_id = [0u8; 32];
    env::read_slice(&mut job_id);
    let threshold = read_u32();
    let journal = test_set.journal(job_id, model_hash, threshold).unwrap_or_else(|e| invalid(e));
    env::commit_slice(&journal.encode());
}
