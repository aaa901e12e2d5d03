//! The format-3 journal ("inference proof"): `abi.encode(uint32 format = 3, bytes32 requestId,
//! bytes32 modelHash, bytes32 inputsHash, uint32 count, bytes32 predictionsHash)` -- 6 static
//! words, 192 bytes. Twin of `backend/core/src/canonical/inferenceJournal.ts` and
//! `contracts/src/libraries/InferenceJournal.sol`.

use crate::journal::{read_uint, uint_word};
use crate::Error;

/// Journal format 3: "this model predicts these classes for these input rows".
pub const JOURNAL_FORMAT_INFERENCE: u32 = 3;
/// Encoded format-3 journal length.
pub const INFERENCE_JOURNAL_BYTES: usize = 192;

/// Public output of the guest in mode 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InferenceJournal {
    /// Always [`JOURNAL_FORMAT_INFERENCE`].
    pub format: u32,
    /// The InferenceFeed's request id.
    pub request_id: [u8; 32],
    /// SHA-256 of the canonical model bytes.
    pub model_hash: [u8; 32],
    /// SHA-256 of the canonical inputs bytes.
    pub inputs_hash: [u8; 32],
    /// Input rows = predictions (>= 1).
    pub count: u32,
    /// SHA-256 of the canonical predictions bytes.
    pub predictions_hash: [u8; 32],
}

impl InferenceJournal {
    /// ABI encoding (192 bytes).
    pub fn encode(&self) -> [u8; INFERENCE_JOURNAL_BYTES] {
        let words = [
            uint_word(self.format),
            self.request_id,
            self.model_hash,
            self.inputs_hash,
            uint_word(self.count),
            self.predictions_hash,
        ];
        let mut out = [0u8; INFERENCE_JOURNAL_BYTES];
        for (chunk, word) in out.chunks_mut(32).zip(words.iter()) {
            chunk.copy_from_slice(word);
        }
        out
    }

    /// Strict ABI decoding, in this order: exactly 192 bytes, clean uint32 padding (words 0 and 4),
    /// format 3, count >= 1 (InferenceJournal.sol refuses the same journals).
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != INFERENCE_JOURNAL_BYTES {
            return Err(Error::JournalLength { len: bytes.len(), expected: INFERENCE_JOURNAL_BYTES });
        }
        let w = |i: usize| &bytes[i * 32..(i + 1) * 32];
        let format = read_uint(w(0), 0)?;
        let count = read_uint(w(4), 4)?;
        if format != JOURNAL_FORMAT_INFERENCE {
            return Err(Error::JournalFormat { format });
        }
        if count == 0 {
            return Err(Error::JournalEmpty);
        }
        Ok(Self {
            format,
            request_id: w(1).try_into().unwrap(),
            model_hash: w(2).try_into().unwrap(),
            inputs_hash: w(3).try_into().unwrap(),
            count,
            predictions_hash: w(5).try_into().unwrap(),
        })
    }
}
