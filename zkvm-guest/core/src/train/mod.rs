//! The CART trainer shared by the host (`veritree-prover train`) and, later, the guest: one
//! deterministic, integer-only implementation of the rules the TypeScript trainer (ml-cart plus
//! `backend/src/training/{convert,leafFloor}.ts`) applies, so both produce the same model bytes.
//!
//! Rules (each one is ml-cart's, restated exactly; see README "Training"):
//! - A node with fewer than `2 × minLeafSize` rows, or at depth `maxDepth` (root = 0), is a leaf.
//! - Candidate splits of a feature: sort the node's rows by (value, row index); every adjacent pair
//!   with different labels proposes "left iff value < mean(a, b)". For a ≠ b that is the canonical
//!   threshold `ceil((a + b) / 2) − 1`; for a = b (a label change inside a run of equal values) the
//!   partition is "value < a", threshold `a − 1`. Each partition is scored once, at its first
//!   proposal, so its threshold is that proposal's.
//! - Score: Gini gain, compared exactly as rationals (see [`gain`]). The best candidate is the
//!   first strictly better one: lower feature index first, then smaller threshold (tie rule).
//! - Split iff gain > gainThresholdPpm / 10^6, gain ≠ the parent's gain (ml-cart's guard against
//!   endless recursion; the root has no parent gain) and both sides are non-empty.
//! - Leaves predict the majority class, ties to the lowest class index.
//! - Privacy floor, bottom-up: a split with a leaf child holding fewer than `minLeafSize` rows
//!   becomes one leaf; a split whose two children are leaves with the same class becomes that leaf.

mod error;
pub mod gain;
mod grow;
mod params;
mod prune;

use alloc::vec::Vec;

pub use error::TrainError;
pub use params::{TrainParams, PPM, TRAIN_PARAMS_BYTES, TRAIN_PARAMS_VERSION};

use crate::{Model, TableView};

/// Trains the canonical model for `table` (canonical dataset bytes, decoded) with `classes` classes.
pub fn train(table: &TableView<'_>, classes: u16, params: &TrainParams) -> Result<Model, TrainError> {
    let features = u16::try_from(table.features()).map_err(|_| TrainError::Features { features: table.features() })?;
    if classes == 0 {
        return Err(TrainError::Classes);
    }
    if u64::from(table.rows()) < u64::from(params.min_leaf_size) {
        return Err(TrainError::TooFewRows { rows: table.rows(), min_leaf_size: params.min_leaf_size });
    }
    for row in 0..table.rows() {
        let label = table.label(row);
        if label >= classes {
            return Err(TrainError::Label { row, label, classes });
        }
    }
    let tree = grow::grow(table, classes, params);
    Ok(Model { features, classes, nodes: prune::prune_and_flatten(&tree, params.min_leaf_size) })
}

/// Bytes in, bytes out: canonical dataset bytes and canonical parameter bytes → canonical model bytes.
pub fn train_bytes(dataset: &[u8], classes: u16, params: &[u8]) -> Result<Vec<u8>, TrainError> {
    let params = TrainParams::decode(params)?;
    let table = TableView::decode(dataset).map_err(TrainError::Dataset)?;
    Ok(train(&table, classes, &params)?.encode())
}

#[cfg(test)]
mod tests;
