//! The format-2 journal ("proof of training"): format 1's eight words, then the dataset commitment
//! and the parameters hash. `abi.encode(uint32 format = 2, bytes32 jobId, bytes32 modelHash,
//! bytes32 testSetHash, uint32 correct, uint32 total, uint32 thresholdBps, bool met,
//! bytes32 datasetCommitment, bytes32 paramsHash)` -- 10 static words, 320 bytes.
//!
//! Words 0..7 mean exactly what they mean in format 1, so a reader of format 1 fields needs no
//! second code path; only the format word and the length differ.

use core::fmt;

use crate::journal::{read_bool, read_uint, uint_word};
use crate::train::TrainError;
use crate::{
    Error, InferenceJournal, Journal, TableView, JOURNAL_BYTES, JOURNAL_FORMAT_ACCURACY, JOURNAL_FORMAT_INFERENCE,
};

/// Journal format 2: "this model, trained on this dataset with these parameters, reached this
/// accuracy on this test set".
pub const JOURNAL_FORMAT_TRAINING: u32 = 2;
/// Encoded format-2 journal length.
pub const TRAINING_JOURNAL_BYTES: usize = 320;

/// Public output of the guest in mode 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingJournal {
    /// Always [`JOURNAL_FORMAT_TRAINING`].
    pub format: u32,
    /// The market's job id.
    pub job_id: [u8; 32],
    /// SHA-256 of the canonical model bytes the guest trained.
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
    /// SHA-256 of the canonical dataset (table) bytes: the market's `commitment`.
    pub dataset_commitment: [u8; 32],
    /// SHA-256 of the 11 canonical training-parameter bytes: the job's `paramsHash`.
    pub params_hash: [u8; 32],
}

impl TrainingJournal {
    /// Extends a format-1 journal (its eight fields keep their meaning) with the two format-2 words.
    pub fn extend(accuracy: &Journal, dataset_commitment: [u8; 32], params_hash: [u8; 32]) -> Self {
        Self {
            format: JOURNAL_FORMAT_TRAINING,
            job_id: accuracy.job_id,
            model_hash: accuracy.model_hash,
            test_set_hash: accuracy.test_set_hash,
            correct: accuracy.correct,
            total: accuracy.total,
            threshold_bps: accuracy.threshold_bps,
            met: accuracy.met,
            dataset_commitment,
            params_hash,
        }
    }

    /// ABI encoding (320 bytes).
    pub fn encode(&self) -> [u8; TRAINING_JOURNAL_BYTES] {
        let words = [
            uint_word(self.format),
            self.job_id,
            self.model_hash,
            self.test_set_hash,
            uint_word(self.correct),
            uint_word(self.total),
            uint_word(self.threshold_bps),
            uint_word(u32::from(self.met)),
            self.dataset_commitment,
            self.params_hash,
        ];
        let mut out = [0u8; TRAINING_JOURNAL_BYTES];
        for (chunk, word) in out.chunks_mut(32).zip(words.iter()) {
            chunk.copy_from_slice(word);
        }
        out
    }

    /// Strict ABI decoding: exactly 320 bytes, format 2, clean uint32/bool padding.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.len() != TRAINING_JOURNAL_BYTES {
            return Err(Error::JournalLength { len: bytes.len(), expected: TRAINING_JOURNAL_BYTES });
        }
        let w = |i: usize| &bytes[i * 32..(i + 1) * 32];
        let format = read_uint(w(0), 0)?;
        if format != JOURNAL_FORMAT_TRAINING {
            return Err(Error::JournalFormat { format });
        }
        Ok(Self {
            format,
            job_id: w(1).try_into().unwrap(),
            model_hash: w(2).try_into().unwrap(),
            test_set_hash: w(3).try_into().unwrap(),
            correct: read_uint(w(4), 4)?,
            total: read_uint(w(5), 5)?,
            threshold_bps: read_uint(w(6), 6)?,
            met: read_bool(w(7), 7)?,
            dataset_commitment: w(8).try_into().unwrap(),
            params_hash: w(9).try_into().unwrap(),
        })
    }
}

/// A journal of any format, for readers that accept them all (the host's reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnyJournal {
    /// Format 1 (256 bytes).
    Accuracy(Journal),
    /// Format 2 (320 bytes).
    Training(TrainingJournal),
    /// Format 3 (192 bytes).
    Inference(InferenceJournal),
}

impl AnyJournal {
    /// Reads the format word, then decodes strictly with that format's rules. A journal too short
    /// to hold a format word is a length error; a format other than 1, 2 or 3 is `JOURNAL_FORMAT`.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        let word = bytes.get(..32).ok_or(Error::JournalLength { len: bytes.len(), expected: JOURNAL_BYTES })?;
        match read_uint(word, 0)? {
            JOURNAL_FORMAT_ACCURACY => Journal::decode(bytes).map(Self::Accuracy),
            JOURNAL_FORMAT_TRAINING => TrainingJournal::decode(bytes).map(Self::Training),
            JOURNAL_FORMAT_INFERENCE => InferenceJournal::decode(bytes).map(Self::Inference),
            format => Err(Error::JournalFormat { format }),
        }
    }

    /// The format-1 fields (words 0..7) of a sale's journal (format 1 or 2; `format` is the
    /// journal's own); `None` for a format-3 journal, which has no accuracy.
    pub fn accuracy_fields(&self) -> Option<Journal> {
        match self {
            AnyJournal::Accuracy(j) => Some(*j),
            AnyJournal::Inference(_) => None,
            AnyJournal::Training(t) => Some(Journal {
                format: t.format,
                job_id: t.job_id,
                model_hash: t.model_hash,
                test_set_hash: t.test_set_hash,
                correct: t.correct,
                total: t.total,
                threshold_bps: t.threshold_bps,
                met: t.met,
            }),
        }
    }
}

/// The class count of a dataset: its largest label + 1. Format 2 derives it rather than taking it
/// as an input, so the dataset and the parameters alone determine the model (a free class count
/// would change the model header, hence `modelHash`). A vendor dataset names every class it has
/// (`backend/core/src/csv/table.ts` collects the classes from its rows), so this equals the
/// length of its schema's class list. TypeScript twin: `datasetClasses` in
/// `backend/core/src/canonical/trainingJournal.ts`.
pub fn dataset_classes(table: &TableView<'_>) -> Result<u16, TrainError> {
    let mut max = 0u16;
    for row in 0..table.rows() {
        let label = table.label(row);
        if label == u16::MAX {
            // 65536 classes do not fit the model header's u16.
            return Err(TrainError::Label { row, label, classes: u16::MAX });
        }
        max = max.max(label);
    }
    Ok(max + 1)
}

/// Why `training_journal` produced no journal (the guest then panics: no journal, no receipt).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainingJournalError {
    /// The dataset or the parameters were refused, before or during training.
    Train(TrainError),
    /// The trained model could not be evaluated on the test set (bad test set, feature count or
    /// a label the dataset never had), or the threshold is out of range.
    Evaluate(Error),
}

impl TrainingJournalError {
    /// Stable code of the underlying error (`TRAIN_*`, `PARAMS_*`, `TABLE_*`, `EVAL_*`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            TrainingJournalError::Train(e) => e.code(),
            TrainingJournalError::Evaluate(e) => e.code(),
        }
    }
}

impl fmt::Display for TrainingJournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainingJournalError::Train(e) => write!(f, "training: {e}"),
            TrainingJournalError::Evaluate(e) => write!(f, "test set: {e}"),
        }
    }
}
