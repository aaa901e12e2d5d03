//! The Veritree guest. One program, one image id, three statements, chosen by a leading mode word
//! equal to the journal format it commits (so the factory keeps one verifier config and the
//! market tells the statements apart by the journal's format word):
//!
//! - mode 1, "this model gets `correct` of `total` rows right on this test set":
//!   u32 LE 1; u32 LE len, model bytes; u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold
//!   bps. Commits the 256-byte format-1 journal. The test set streams through a fixed buffer while
//!   it is hashed and evaluated (`evaluate_streamed`), so it is never held whole.
//! - mode 2, "the model trained on this dataset with these parameters gets `correct` of `total`":
//!   u32 LE 2; u32 LE len, canonical dataset bytes; u32 LE len, the 11 canonical parameter bytes;
//!   u32 LE len, test-set bytes; 32-byte job id; u32 LE threshold bps. Commits the 320-byte
//!   format-2 journal (format 1's words + datasetCommitment + paramsHash).
//! - mode 3, "this model predicts these classes for these input rows":
//!   u32 LE 3; u32 LE len, model bytes; u32 LE len, canonical inputs bytes; 32-byte request id.
//!   Commits the 192-byte format-3 journal (requestId, modelHash, inputsHash, count,
//!   predictionsHash). The inputs stream through a fixed buffer while they are hashed and
//!   predicted with mode 1's compiled tree (`predict_streamed`); the predictions stay in the guest,
//!   only their hash is committed.
//!
//! Raw frames read as words (reading bytes costs the zkVM more than words, and serde would cost a
//! word per byte). Every rule lives in `veritree-core`; this file only reads and commits.
//! Invalid input, or an unknown mode, panics: no journal and no receipt exist for it.

use risc0_zkvm::guest::env;
use risc0_zkvm::sha::{Digest, Impl, Sha256, SHA256_INIT};
use veritree_core::{
    evaluate_streamed, predict_streamed, training_journal, CompiledModel, Model, Sha256Blocks, JOURNAL_FORMAT_ACCURACY,
    JOURNAL_FORMAT_INFERENCE, JOURNAL_FORMAT_TRAINING,
};

fn read_u32() -> u32 {
    let mut word = [0u8; 4];
    env::read_slice(&mut word);
    u32::from_le_bytes(word)
}

/// A length-prefixed frame, read as words; the byte view is `&cast_slice(&words)[..len]`.
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

/// The first `len` bytes of a frame read by [`read_frame`].
fn frame_bytes(words: &[u32], len: usize) -> &[u8] {
    &bytemuck::cast_slice::<u32, u8>(words)[..len]
}

/// A 32-byte id (a job's or a request's).
fn read_id() -> [u8; 32] {
    let mut id = [0u8; 32];
    env::read_slice(&mut id);
    id
}

/// SHA-256 through the zkVM's accelerator; the result is plain SHA-256 of the bytes.
fn sha256(bytes: &[u8]) -> [u8; 32] {
    Impl::hash_bytes(bytes).as_bytes().try_into().unwrap()
}

/// SHA-256 block compression through the zkVM's accelerator, for the streamed test set.
struct GuestSha(Digest);

impl Sha256Blocks for GuestSha {
    fn compress(&mut self, words: &[u32]) {
        self.0 = *Impl::compress_slice(&self.0, bytemuck::cast_slice(words));
    }
    fn digest(&self) -> [u8; 32] {
        self.0.as_bytes().try_into().unwrap()
    }
}

fn invalid(e: impl core::fmt::Display) -> ! {
    panic!("invalid input: {e}")
}

/// Reads the model frame: the compiled model and the SHA-256 of its canonical bytes.
fn read_model() -> (CompiledModel, [u8; 32]) {
    let (model_words, model_len) = read_frame();
    let model_bytes = frame_bytes(&model_words, model_len);
    let model = Model::decode(model_bytes).unwrap_or_else(|e| invalid(e));
    (CompiledModel::new(&model), sha256(model_bytes))
}

fn prove_accuracy() -> [u8; veritree_core::JOURNAL_BYTES] {
    let (model, model_hash) = read_model();
    let test_set_len = read_u32() as usize;
    let test_set = evaluate_streamed(&model, test_set_len, read_words, GuestSha(SHA256_INIT))
        .unwrap_or_else(|e| invalid(e));
    let (job_id, threshold) = (read_id(), read_u32());
    test_set.journal(job_id, model_hash, threshold).unwrap_or_else(|e| invalid(e)).encode()
}

fn prove_training() -> Vec<u8> {
    let (dataset_words, dataset_len) = read_frame();
    let (params_words, params_len) = read_frame();
    let (test_words, test_len) = read_frame();
    let (dataset, params, test_set) =
        (frame_bytes(&dataset_words, dataset_len), frame_bytes(&params_words, params_len), frame_bytes(&test_words, test_len));
    let (job_id, threshold) = (read_id(), read_u32());
    let journal =
        training_journal(dataset, params, test_set, job_id, threshold, sha256).unwrap_or_else(|e| invalid(e));
    journal.encode().to_vec()
}

fn prove_inference() -> [u8; veritree_core::INFERENCE_JOURNAL_BYTES] {
    let (model, model_hash) = read_model();
    let inputs_len = read_u32() as usize;
    let inputs =
        predict_streamed(&model, inputs_len, read_words, GuestSha(SHA256_INIT)).unwrap_or_else(|e| invalid(e));
    inputs.journal(read_id(), model_hash, sha256).encode()
}

fn main() {
    match read_u32() {
        JOURNAL_FORMAT_ACCURACY => env::commit_slice(&prove_accuracy()),
        JOURNAL_FORMAT_TRAINING => env::commit_slice(&prove_training()),
        JOURNAL_FORMAT_INFERENCE => env::commit_slice(&prove_inference()),
        mode => panic!("invalid input: mode {mode}, expected 1 (accuracy), 2 (training) or 3 (inference)"),
    }
}
