//! Refusal before execution, on a cycle bound from the inputs' shapes (`veritree_core::cost`).
//!
//! Mode 2: training costs grow with rows × features × depth, so an input far beyond zkVerify's
//! limits would otherwise spend minutes and gigabytes (the executor keeps every segment) executing
//! before `prove` refuses it on the real session. Mode 3: prediction is cheap per row, but the guest
//! has no row cap, so a huge inputs file is refused the same way. Mode 1 has no estimate: it is
//! judged on its real cycles.
//!
//! The training bound assumes every level sweeps every row (full growth). Real trees stop growing
//! early (the demo credit set at maxDepth 6 executes in 3.5M cycles and fits; its bound is 7.1M), so
//! a bound above the limit does not mean "cannot fit". `prove` therefore refuses before executing
//! only when the bound exceeds [`EXECUTE_BOUND_FACTOR`] × the limit, and otherwise executes and
//! judges the real session exactly, as in mode 1. `fits` (bound <= limit) is the guarantee a
//! preview can give without executing.

use anyhow::Result;
use serde::Serialize;
use veritree_core::cost::{
    inference_cycles_bound, training_cycles_bound, InferenceShape, TrainingShape, INFERENCE_CYCLES,
    MAX_INFERENCE_CYCLES, MAX_TRAINING_CYCLES, TRAINING_CYCLES,
};
use veritree_core::train::TrainParams;
use veritree_core::{
    dataset_classes, decode_inputs_header, decode_table_header, Model, TableView, JOURNAL_FORMAT_INFERENCE,
    JOURNAL_FORMAT_TRAINING, TABLE_HEADER_BYTES,
};

use crate::guest::Loaded;
use crate::refusal::TooLarge;

/// `prove` refuses before executing only above this many times the limit (about 25M cycles: a
/// few seconds and at most ~25 segments held by the executor). The measured training bound is at
/// most 2.5x the real count at full growth; early-stopping trees make it looser, so between 1x and
/// this factor the real session decides.
pub const EXECUTE_BOUND_FACTOR: u64 = 8;

/// The estimate printed by `execute` and `prove` in modes 2 and 3.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// Upper bound on the guest's user cycles.
    pub estimated_cycles: u64,
    /// The most user cycles a receipt zkVerify accepts may hold (see `cost.rs`).
    pub max_cycles: u64,
    /// `estimated_cycles <= max_cycles`: fits for certain. When false it may still fit (the real
    /// session decides) unless `refused_before_executing`.
    pub fits: bool,
    /// `estimated_cycles > EXECUTE_BOUND_FACTOR × max_cycles`: `prove` refuses without executing.
    pub refused_before_executing: bool,
    /// What the refusal tells the caller to change.
    #[serde(skip)]
    advice: &'static str,
}

impl Estimate {
    fn new(estimated_cycles: u64, max_cycles: u64, advice: &'static str) -> Self {
        Self {
            estimated_cycles,
            max_cycles,
            fits: estimated_cycles <= max_cycles,
            refused_before_executing: estimated_cycles > max_cycles.saturating_mul(EXECUTE_BOUND_FACTOR),
            advice,
        }
    }
}

/// The estimate for loaded inputs: mode 2's training bound, mode 3's inference bound, `None` in
/// mode 1. Malformed inputs give `None` and are left to the guest, which names the reason.
pub fn estimate(loaded: &Loaded) -> Option<Estimate> {
    match loaded.mode {
        JOURNAL_FORMAT_TRAINING => training_estimate(loaded),
        JOURNAL_FORMAT_INFERENCE => inference_estimate(loaded),
        _ => None,
    }
}

fn header(bytes: &[u8]) -> Option<&[u8; TABLE_HEADER_BYTES]> {
    bytes.get(..TABLE_HEADER_BYTES)?.try_into().ok()
}

fn training_estimate(loaded: &Loaded) -> Option<Estimate> {
    let [dataset, params, test_set] = loaded.frames.as_slice() else { return None };
    let (Ok(table), Ok(params)) = (TableView::decode(dataset), TrainParams::decode(params)) else {
        return None;
    };
    let (test_rows, _) = decode_table_header(header(test_set)?, test_set.len()).ok()?;
    let classes = dataset_classes(&table).ok()?;
    let shape = TrainingShape {
        dataset_rows: table.rows(),
        features: table.features(),
        classes: u32::from(classes),
        max_depth: params.max_depth,
        min_leaf_size: params.min_leaf_size,
        test_rows,
    };
    Some(Estimate::new(
        training_cycles_bound(&shape, &TRAINING_CYCLES),
        MAX_TRAINING_CYCLES,
        "use fewer rows or features, or a smaller maxDepth",
    ))
}

fn inference_estimate(loaded: &Loaded) -> Option<Estimate> {
    let [model, inputs] = loaded.frames.as_slice() else { return None };
    let model = Model::decode(model).ok()?;
    let (rows, features) = decode_inputs_header(header(inputs)?, inputs.len()).ok()?;
    let shape = InferenceShape {
        model_nodes: u32::try_from(model.nodes.len()).ok()?,
        model_depth: model.depth(),
        features,
        rows,
    };
    Some(Estimate::new(
        inference_cycles_bound(&shape, &INFERENCE_CYCLES),
        MAX_INFERENCE_CYCLES,
        "split the rows into smaller batches",
    ))
}

/// `prove`'s check before executing: refuses only a bound above `EXECUTE_BOUND_FACTOR` × the limit.
pub fn refuse_before_executing(estimate: Option<Estimate>, segment_po2: u32) -> Result<()> {
    match estimate {
        Some(e) if e.refused_before_executing => Err(TooLarge {
            cycles: e.estimated_cycles,
            user_cycles: e.estimated_cycles,
            segments: usize::try_from(e.estimated_cycles.div_ceil(1u64 << segment_po2)).unwrap_or(usize::MAX),
            segment_po2,
            problems: vec![format!(
                "the guest would take up to {} cycles (bound from the inputs' shapes, before executing), \
                 more than {EXECUTE_BOUND_FACTOR} times the {} a zkVerify receipt can hold: {}",
                e.estimated_cycles, e.max_cycles, e.advice
            )],
            estimated: true,
        }
        .into()),
        _ => Ok(()),
    }
}
