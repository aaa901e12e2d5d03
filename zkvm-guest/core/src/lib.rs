//! Canonical formats and evaluation shared by the Veritree zkVM guest and host.
//!
//! `no_std` + `alloc`, integer arithmetic only, no risc0 dependency (so its tests build fast).
//! The TypeScript twin is `backend/core/src/canonical/`; `vectors/golden.json` proves they agree.
#![no_std]
// Denied everywhere except the two tree walks in compiled.rs (bounds proven once per model).
#![deny(unsafe_code)]

extern crate alloc;

mod compiled;
pub mod cost;
mod error;
mod evaluate;
mod fixed;
mod inference;
mod inference_journal;
mod journal;
pub mod limits;
mod model;
mod table;
pub mod train;
mod training_journal;

pub use compiled::{CompiledModel, RowCounter};
pub use error::Error;
pub use evaluate::{
    evaluate, evaluate_streamed, threshold_met, Evaluation, Sha256Blocks, StreamedTestSet, MAX_THRESHOLD_BPS,
};
pub use fixed::{format_fixed, parse_fixed, SCALE};
pub use inference::{
    decode_inputs_header, decode_predictions, encode_inputs, encode_predictions, inference_journal, predict_inputs,
    predict_streamed, InputsView, StreamedInputs, PREDICTION_BYTES,
};
pub use inference_journal::{InferenceJournal, INFERENCE_JOURNAL_BYTES, JOURNAL_FORMAT_INFERENCE};
pub use journal::{Journal, JOURNAL_BYTES, JOURNAL_FORMAT_ACCURACY};
pub use model::{Model, Node, MODEL_HEADER_BYTES};
pub use table::{decode_table_header, encode_table, TableView, TABLE_HEADER_BYTES};
pub use training_journal::{
    dataset_classes, AnyJournal, TrainingJournal, TrainingJournalError, JOURNAL_FORMAT_TRAINING,
    TRAINING_JOURNAL_BYTES,
};

/// Everything the guest proves, as one pure function: hash both inputs, evaluate every row and
/// build the format-1 journal. `sha256` is injected so the guest can use the zkVM's accelerator.
pub fn accuracy_journal(
    model_bytes: &[u8],
    test_set_bytes: &[u8],
    job_id: [u8; 32],
    threshold_bps: u32,
    sha256: impl Fn(&[u8]) -> [u8; 32],
) -> Result<Journal, Error> {
    if threshold_bps > MAX_THRESHOLD_BPS {
        return Err(Error::ThresholdRange { bps: threshold_bps });
    }
    let model = Model::decode(model_bytes)?;
    let table = TableView::decode(test_set_bytes)?;
    let Evaluation { correct, total } = evaluate(&model, &table)?;
    Ok(Journal {
        format: JOURNAL_FORMAT_ACCURACY,
        job_id,
        model_hash: sha256(model_bytes),
        test_set_hash: sha256(test_set_bytes),
        correct,
        total,
        threshold_bps,
        met: threshold_met(correct, total, threshold_bps)?,
    })
}

/// Everything the guest proves in mode 2, as one pure function: hash the dataset and the parameter
/// bytes, train the model with [`train::train`] (classes from [`dataset_classes`]), encode it
/// canonically, then run [`accuracy_journal`] on those model bytes -- the same evaluation, hashing
/// and threshold rule as format 1 -- and extend its journal with `datasetCommitment` and
/// `paramsHash`. The host's `train` command and the backend get the same model bytes from the same
/// dataset and parameters, so the journal's `modelHash` can be compared with theirs.
pub fn training_journal(
    dataset_bytes: &[u8],
    params_bytes: &[u8],
    test_set_bytes: &[u8],
    job_id: [u8; 32],
    threshold_bps: u32,
    sha256: impl Fn(&[u8]) -> [u8; 32],
) -> Result<TrainingJournal, TrainingJournalError> {
    // Cheap refusals first: nothing is trained for a threshold the journal could not carry.
    if threshold_bps > MAX_THRESHOLD_BPS {
        return Err(TrainingJournalError::Evaluate(Error::ThresholdRange { bps: threshold_bps }));
    }
    let params = train::TrainParams::decode(params_bytes).map_err(TrainingJournalError::Train)?;
    let table = TableView::decode(dataset_bytes).map_err(|e| TrainingJournalError::Train(train::TrainError::Dataset(e)))?;
    let classes = dataset_classes(&table).map_err(TrainingJournalError::Train)?;
    let model = train::train(&table, classes, &params).map_err(TrainingJournalError::Train)?;
    let model_bytes = model.encode();
    let accuracy = accuracy_journal(&model_bytes, test_set_bytes, job_id, threshold_bps, &sha256)
        .map_err(TrainingJournalError::Evaluate)?;
    Ok(TrainingJournal::extend(&accuracy, sha256(dataset_bytes), sha256(params_bytes)))
}
