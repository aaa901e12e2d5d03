//! Runs a model over a test set and decides whether the accuracy threshold is met, in integers.

use crate::{Error, Model, TableView};

/// Largest threshold: 100% in basis points.
pub const MAX_THRESHOLD_BPS: u32 = 10_000;

/// Count of correct predictions over all rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evaluation {
    /// Rows whose prediction equals the label.
    pub correct: u32,
    /// All rows.
    pub total: u32,
}

/// Predicts every row and counts matches. Rejects a feature-count mismatch or a label the model
/// cannot predict (both mean the test set was not made for this model).
pub fn evaluate(model: &Model, table: &TableView<'_>) -> Result<Evaluation, Error> {
    if u32::from(model.features) != table.features() {
        return Err(Error::EvalFeatures { model: model.features, table: table.features() });
    }
    let mut correct: u32 = 0;
    let label_at = table.features() as usize * 8;
    for row in 0..table.rows() {
        let bytes = table.row_bytes(row);
        let label = u16::from_le_bytes([bytes[label_at], bytes[label_at + 1]]);
        if label >= model.classes {
            return Err(Error::EvalLabel { row, label });
        }
        if model.predict_row(bytes) == label {
            // Cannot overflow: correct <= row < rows <= u32::MAX.
            correct += 1;
        }
    }
    Ok(Evaluation { correct, total: table.rows() })
}

/// `correct * 10000 >= threshold_bps * total`, in u64 (both products are < 2^46).
pub fn threshold_met(correct: u32, total: u32, threshold_bps: u32) -> Result<bool, Error> {
    if threshold_bps > MAX_THRESHOLD_BPS {
        return Err(Error::ThresholdRange { bps: threshold_bps });
    }
    let lhs = u64::from(correct).checked_mul(u64::from(MAX_THRESHOLD_BPS));
    let rhs = u64::from(threshold_bps).checked_mul(u64::from(total));
    match (lhs, rhs) {
        (Some(l), Some(r)) => Ok(l >= r),
        _ => unreachable!("u32 * 10000 fits in u64"),
    }
}
