//! Mode 2's refusal before execution: training costs grow with rows × features × depth, so an
//! input far beyond zkVerify's limits would otherwise spend minutes and gigabytes (the executor
//! keeps every segment) executing before `prove` refuses it on the real session. The bound is
//! `veritree_core::cost::training_cycles_bound`, calibrated at or above measured cycle counts.
//!
//! The bound assumes every level sweeps every row (full growth). Real trees stop growing early
//! (the demo credit set at maxDepth 6 executes in 3.5M cycles and fits; its bound is 7.1M), so a
//! bound above `MAX_TRAINING_CYCLES` does not mean "cannot fit". `prove` therefore refuses before
//! executing only when the bound exceeds [`EXECUTE_BOUND_FACTOR`] × the limit, and otherwise
//! executes and judges the real session exactly, as in mode 1. `fits` (bound <= limit) is the
//! guarantee a preview can give without executing.

use anyhow::Result;
use serde::Serialize;
use veritree_core::cost::{training_cycles_bound, TrainingShape, MAX_TRAINING_CYCLES, TRAINING_CYCLES};
use veritree_core::train::TrainParams;
use veritree_core::{dataset_classes, decode_table_header, TableView, TABLE_HEADER_BYTES};

use crate::guest::Loaded;
use crate::refusal::TooLarge;

/// `prove` refuses before executing only above this many times `MAX_TRAINING_CYCLES` (about 25M
/// cycles: a few seconds and at most ~25 segments held by the executor). The measured bound is at
/// most 2.5x the real count at full growth; early-stopping trees make it looser, so between 1x and
/// this factor the real session decides.
pub const EXECUTE_BOUND_FACTOR: u64 = 8;

/// The estimate printed by `execute` and `prove` in mode 2.
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
}

/// The mode-2 estimate for loaded inputs, or `None` in mode 1 (evaluation is cheap to execute and
/// is judged on its real cycles). Malformed inputs are left to the guest, which names the reason.
pub fn training_estimate(loaded: &Loaded) -> Option<Estimate> {
    let [dataset, params] = loaded.frames.as_slice() else { return None };
    let (Ok(table), Ok(params)) = (TableView::decode(dataset), TrainParams::decode(params)) else {
        return None;
    };
    let test_rows = match loaded.test_set.get(..TABLE_HEADER_BYTES) {
        Some(h) => decode_table_header(h.try_into().expect("8 bytes"), loaded.test_set.len()).ok().map(|(r, _)| r),
        None => None,
    };
    let (Some(test_rows), Ok(classes)) = (test_rows, dataset_classes(&table)) else { return None };
    let shape = TrainingShape {
        dataset_rows: table.rows(),
        features: table.features(),
        classes: u32::from(classes),
        max_depth: params.max_depth,
        min_leaf_size: params.min_leaf_size,
        test_rows,
    };
    let estimated_cycles = training_cycles_bound(&shape, &TRAINING_CYCLES);
    Some(Estimate {
        estimated_cycles,
        max_cycles: MAX_TRAINING_CYCLES,
        fits: estimated_cycles <= MAX_TRAINING_CYCLES,
        refused_before_executing: estimated_cycles > MAX_TRAINING_CYCLES.saturating_mul(EXECUTE_BOUND_FACTOR),
    })
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
                "training would take up to {} cycles (bound from rows x features x depth, before executing), \
                 more than {EXECUTE_BOUND_FACTOR} times the {} a zkVerify receipt can hold: use fewer rows or \
                 features, or a smaller maxDepth",
                e.estimated_cycles, e.max_cycles
            )],
            estimated: true,
        }
        .into()),
        _ => Ok(()),
    }
}
