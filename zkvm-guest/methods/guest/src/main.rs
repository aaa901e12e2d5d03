//! The Veritree guest. One program, one image id, two statements, chosen by a leading mode word
//! equal to the journal format it commits (so the factory keeps one verifier config and the
//! market tells the statements apart by the journal's format word):
//!
//! - mode 1, "this model gets `correct` of `total` rows right on this test set":
//!   u32 LE 1; u32 LE len, model bytes; u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold
//!   bps. Commits the 256-byte format-1 journal.
//! - mode 2, "the model trained on this dataset with these parameters gets `correct` of `total`":
//!   u32 LE 2; u32 LE len, canonical dataset bytes; u32 LE len, the 11 canonical parameter bytes;
//!   u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold bps. Commits the 320-byte
//!   format-2 journal (format 1's words + datasetCommitment + paramsHash).
//!
//! Raw frames, so big inputs cost no serde word-per-byte overhead. Every rule lives in
//! `veritree-core` (`accuracy_journal`, `training_journal`); this file only reads and commits.
//! Invalid input, or an unknown mode, panics: no journal and no receipt exist for it.

use risc0_zkvm::guest::env;
use risc0_zkvm::sha::{Impl, Sha256};
use veritree_core::{accuracy_journal, training_journal, JOURNAL_FORMAT_ACCURACY, JOURNAL_FORMAT_TRAINING};

fn read_u32() -> u32 {
    let mut word = [0u8; 4];
    env::read_slice(&mut word);
    u32::from_le_bytes(word)
}

fn read_frame() -> Vec<u8> {
    let mut bytes = vec![0u8; read_u32() as usize];
    env::read_slice(&mut bytes);
    bytes
}

fn read_job_id() -> [u8; 32] {
    let mut job_id = [0u8; 32];
    env::read_slice(&mut job_id);
    job_id
}

/// SHA-256 through the zkVM's accelerator; the result is plain SHA-256 of the bytes.
fn sha256(bytes: &[u8]) -> [u8; 32] {
    Impl::hash_bytes(bytes).as_bytes().try_into().unwrap()
}

fn main() {
    match read_u32() {
        JOURNAL_FORMAT_ACCURACY => {
            let model = read_frame();
            let test_set = read_frame();
            let (job_id, threshold) = (read_job_id(), read_u32());
            let journal = accuracy_journal(&model, &test_set, job_id, threshold, sha256)
                .unwrap_or_else(|e| panic!("invalid input: {e}"));
            env::commit_slice(&journal.encode());
        }
        JOURNAL_FORMAT_TRAINING => {
            let dataset = read_frame();
            let params = read_frame();
            let test_set = read_frame();
            let (job_id, threshold) = (read_job_id(), read_u32());
            let journal = training_journal(&dataset, &params, &test_set, job_id, threshold, sha256)
                .unwrap_or_else(|e| panic!("invalid input: {e}"));
            env::commit_slice(&journal.encode());
        }
        mode => panic!("invalid input: mode {mode}, expected 1 (accuracy) or 2 (training)"),
    }
}
