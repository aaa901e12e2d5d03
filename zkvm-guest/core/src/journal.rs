//! The journal: `abi.encode(uint32 format, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash,
//! uint32 correct, uint32 total, uint32 thresholdBps, bool met)` -- 8 static words, 256 bytes.

use crate::Error;

/// Journal format 1: "this model reached this accuracy on this test set".
pub const JOURNAL_FORMAT_ACCURACY: u32 = 1;
/// Encoded journal length.
pub const JOURNAL_BYTES: usize = 256;

/// Public output of the guest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Journal {
    /// Always [`JOURNAL_FORMAT_ACCURACY`].
    pub format: u32,
    /// The market's job id, passed through so the proof is bound to one sale.
    pub job_id: [u8; 32],
    /// SHA-256 of the canonical model bytes.
    pub model_hash: [u8; 32],
    /// SHA-256 of the canonical test-set bytes.
    pub test_set_hash: [u8; 32],
    /// Correct predictions.
    pub correct: u32,
    /// Rows evaluated.
    pub total: u32,
    /// Threshold in basis points (<= 10000).
    pub threshold_bps: u32,
    /// `correct * 10000 >= threshold_bps * total`.
    pub met: bool,
}

/// A uint32 as an ABI word (big-endian, left-padded with zeros). Shared with the format-2 journal.
pub(crate) fn uint_word(v: u32) -> [u8; 32] {
    let mut w = [0u8; 32];
    w[28..].copy_from_slice(&v.to_be_bytes());
    w
}

/// Strictly reads a uint32 ABI word: the 28 padding bytes must be zero.
pub(crate) fn read_uint(word: &[u8], index: usize) -> Result<u32, Error> {
    if word[..28].iter().any(|&b| b != 0) {
        return Err(Error::JournalWord { word: index });
    }
    Ok(u32::from_be_bytes(word[28..].try_into().unwrap()))
}

/// Strictly reads a bool ABI word: exactly 0 or 1.
pub(crate) fn read_bool(word: &[u8], index: usize) -> Result<bool, Error> {
    match read_uint(word, index)? {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::JournalWord { word: index }),
    }
}

impl Journal {
    /// ABI encoding (256 bytes).
    pub fn encode(&self) -> [u8; JOURNAL_BYTES] {
        let words = [
            uint_word(self.format),
            self.job_id,
            self.model_hash,
            self.test_set_hash,
            uint_word(self.correct),
            uint_word(self.total),
            uint_word(self.threshold_bps),
            uint_word(u32::from(self.met)),
        ];
        let mut out = [0u8; JOURNAL_BYTES];
        for (chunk, word) in out.chunks_mut(32).zip(words.iter()) {
            chunk.copy_from_slice(word);
        }
        out
    }

    /// Strict ABI decoding: exact length, format 1, clean uint32/bool padding.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != JOURNAL_BYTES {
            return Err(Error::JournalLength { len: bytes.len(), expected: JOURNAL_BYTES });
        }
        let w = |i: usize| &bytes[i * 32..(i + 1) * 32];
        let format = read_uint(w(0), 0)?;
        if format != JOURNAL_FORMAT_ACCURACY {
            return Err(Error::JournalFormat { format });
        }
        let met = read_bool(w(7), 7)?;
        Ok(Self {
            format,
            job_id: w(1).try_into().unwrap(),
            model_hash: w(2).try_into().unwrap(),
            test_set_hash: w(3).try_into().unwrap(),
            correct: read_uint(w(4), 4)?,
            total: read_uint(w(5), 5)?,
            threshold_bps: read_uint(w(6), 6)?,
            met,
        })
    }
}
