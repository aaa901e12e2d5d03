//! Mode 2's refusal before execution: training costs grow with rows × features × depth, so an
//! input far beyond zkVerify's limits would otherwise spend minutes (or memory) executing before
//! `prove` refuses it. The bound is `veritree_core::cost::training_cycles_bound`, calibrated at or
//! above measured cycle counts, so nothing it refuses could have been proven.

use anyhow::Result;
use serde::Serialize;
use veritree_core::cost::{training_cycles_bound, TrainingShape, MAX_TRAINING_CYCLES, TRAINING_CYCLES};
use veritree_core::train::TrainParams;
use veritree_core::{dataset_classes, decode_table_header, TableView, TABLE_HEADER_BYTES};

use crate::guest::Loaded;
use crate::refusal::TooLarge;

/// The estimate printed by `execute` and `prove` in mode 2.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// Upper bound on the guest's user cycles.
    pub estimated_cycles: u64,
    /// The most user cycles a receipt zkVerify accepts may hold (see `cost.rs`).
    pub max_cycles: u64,
    pub fits: bool,
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
    Some(Estimate { estimated_cycles, max_cycles: MAX_TRAINING_CYCLES, fits: estimated_cycles <= MAX_TRAINING_CYCLES })
}

/// `prove`'s check before executing: the refusal for an estimate above the limit.
pub fn refuse_before_executing(estimate: Option<Estimate>, segment_po2: u32) -> Result<()> {
    match estimate {
        Some(e) if !e.fits => Err(TooLarge {
            cycles: e.estimated_cycles,
            user_cycles: e.estimated_cycles,
            segments: usize::try_from(e.estimated_cycles.div_ceil(1u64 << segment_po2)).unwrap_or(usize::MAX),
            segment_po2,
            problems: vec![format!(
                "training would take up to {} cycles (estimated before executing, from rows x features x depth), \
                 above the {} a zkVerify receipt can hold: use fewer rows or features, or a smaller maxDepth",
                e.estimated_cycles, e.max_cycles
            )],
            estimated: true,
        }
        .into()),
        _ => Ok(()),
    }
}
