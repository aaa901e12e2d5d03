//! An upper bound on the guest's cycles in mode 2 (train + evaluate), from the inputs' shapes
//! only: at or below `MAX_TRAINING_CYCLES` the receipt fits zkVerify for certain, which the backend
//! can say at preview time; far above it (host `EXECUTE_BOUND_FACTOR`) `prove --mode 2` refuses
//! without executing. The bound assumes full growth, so above the limit a real tree may still fit.
//!
//! The TypeScript twin is `backend/core/src/canonical/trainingCycles.ts`; `vectors/golden.json`
//! pins both to the same numbers. The constants are rounded up from `veritree-prover execute
//! --mode 2` measurements (zkvm-guest/bench/RESULTS.md, "Format 2"); every measured point is at or
//! below the bound (`bench/format2.ts` checks it on every run).

/// The shapes the bound depends on. All public at preview time except `classes`, which the
/// dataset's schema gives (its class count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingShape {
    /// Dataset rows.
    pub dataset_rows: u32,
    /// Features (dataset and test set).
    pub features: u32,
    /// Classes (the dataset's largest label + 1).
    pub classes: u32,
    /// `maxDepth` of the training parameters.
    pub max_depth: u16,
    /// `minLeafSize` of the training parameters.
    pub min_leaf_size: u32,
    /// Test-set rows.
    pub test_rows: u32,
}

/// Cycles per unit of work, each rounded up from measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainingCycleModel {
    /// Fixed cost: reading input, hashing params, encoding, committing.
    pub base: u64,
    /// SHA-256 of the dataset, per byte.
    pub per_dataset_byte: u64,
    /// Gathering the columns, per (row × feature).
    pub per_cell: u64,
    /// Presorting, per (row × feature × ⌈log2 rows⌉).
    pub per_cell_log: u64,
    /// One level's sweep and partition, per (row × feature × level).
    pub per_cell_level: u64,
    /// Scoring a node, per (node × feature), plus per (node × feature × class).
    pub per_node_feature: u64,
    pub per_node_feature_class: u64,
    /// Evaluating: per model node (decode, compile), per test row, per test-row byte (hash and
    /// read), per tree level walked per test row.
    pub eval_per_node: u64,
    pub eval_per_row: u64,
    pub eval_per_row_byte: u64,
    pub eval_per_level: u64,
}

/// The most user cycles a mode-2 run may take and still fit zkVerify's receipt limits: 4 segments
/// of 2^20 cycles (po2 20, the largest whose seal fits 350,000 bytes), three quarters of which
/// count as usable, since paging and per-segment overhead add cycles beyond the user's (measured
/// for training in bench/RESULTS.md, "Format 2").
pub const MAX_TRAINING_CYCLES: u64 = 4 * (1 << 20) * 3 / 4;

/// The calibrated model (see the module comment).
///
/// Measured (bench/RESULTS.md, "Format 2", 72 runs of 50-800 rows × 2-8 features × maxDepth 1-8):
/// one level costs about 220-240 cycles per (row × feature) with random labels and about 316 when
/// every neighbouring pair changes label (each proposes a candidate, scored in u128 arithmetic);
/// presorting random values about 21-22 per (row × feature × log2 rows). The bound is 1.12-2.5x the
/// measured user cycles.
pub const TRAINING_CYCLES: TrainingCycleModel = TrainingCycleModel {
    base: 20_000,
    per_dataset_byte: 2,
    per_cell: 30,
    per_cell_log: 25,
    per_cell_level: 340,
    per_node_feature: 100,
    per_node_feature_class: 10,
    eval_per_node: 100,
    eval_per_row: 40,
    eval_per_row_byte: 2,
    eval_per_level: 35,
};

/// The most levels training can sweep: `maxDepth`, and never more than `rows - 1` (each level
/// splits off at least one row).
pub fn training_levels(shape: &TrainingShape) -> u64 {
    u64::from(shape.max_depth).min(u64::from(shape.dataset_rows.saturating_sub(1)))
}

/// The most nodes training can score: fewer than `2^levels`, and at most one per
/// `2 × minLeafSize` rows (at least 2) on each level, since a node needs that many rows to be
/// scored and a level's nodes hold disjoint rows.
pub fn scored_nodes(shape: &TrainingShape) -> u64 {
    let levels = training_levels(shape);
    let by_depth = if levels >= 63 { u64::MAX } else { (1u64 << levels) - 1 };
    let per_level = u64::from(shape.dataset_rows) / (2 * u64::from(shape.min_leaf_size)).max(2);
    by_depth.min(levels.saturating_mul(per_level))
}

/// `⌈log2 n⌉` (0 for n <= 1).
fn ceil_log2(n: u64) -> u64 {
    if n <= 1 {
        0
    } else {
        u64::from(64 - (n - 1).leading_zeros())
    }
}

/// Upper bound on the guest's user cycles for one mode-2 run with these shapes. Saturates at
/// `u64::MAX` rather than overflowing (any such input is refused anyway).
pub fn training_cycles_bound(shape: &TrainingShape, m: &TrainingCycleModel) -> u64 {
    let n = u128::from(shape.dataset_rows);
    let f = u128::from(shape.features);
    let cells = n * f;
    let levels = u128::from(training_levels(shape));
    let scored = u128::from(scored_nodes(shape));
    let dataset_bytes = 8 + n * (f * 8 + 2);
    let test_row_bytes = f * 8 + 2;
    // The trained (pruned) tree has at most 2 × scored + 1 nodes and depth at most `levels`.
    let model_nodes = 2 * scored + 1;
    let c = |k: u64| u128::from(k);
    let total = c(m.base)
        + c(m.per_dataset_byte) * dataset_bytes
        + c(m.per_cell) * cells
        + c(m.per_cell_log) * cells * u128::from(ceil_log2(u64::from(shape.dataset_rows)))
        + c(m.per_cell_level) * cells * levels
        + scored * f * (c(m.per_node_feature) + c(m.per_node_feature_class) * u128::from(shape.classes))
        + c(m.eval_per_node) * model_nodes
        + u128::from(shape.test_rows)
            * (c(m.eval_per_row) + c(m.eval_per_row_byte) * test_row_bytes + c(m.eval_per_level) * levels);
    u64::try_from(total).unwrap_or(u64::MAX)
}

/// The shapes mode 3's bound depends on: the model's and the inputs'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InferenceShape {
    /// Nodes of the model.
    pub model_nodes: u32,
    /// Levels a row walks at most (the model's depth; 0 for a single leaf).
    pub model_depth: u32,
    /// Features of the model and the inputs.
    pub features: u32,
    /// Input rows (= predictions).
    pub rows: u32,
}

/// Cycles per unit of mode-3 work (see [`INFERENCE_CYCLES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InferenceCycleModel {
    /// Fixed cost: reading the model, hashing it, committing, risc0's start and end.
    pub base: u64,
    /// Decoding and compiling the model (both row parities), per node.
    pub per_node: u64,
    /// Per input row: reading, the prediction's bytes and their hash.
    pub per_row: u64,
    /// Per input-row byte: reading and hashing the inputs.
    pub per_row_byte: u64,
    /// Per tree level walked per row.
    pub per_level: u64,
}

/// The mode-3 model. Mode 3 walks the same compiled tree and hashes the same way as mode 1 (about
/// 273 cycles per 66-byte row at depth 8, bench/RESULTS.md "Format 1"), so the constants were set
/// from mode 1's costs with a wide margin. Measured since (bench/RESULTS.md "Format 3", depth 8,
/// 8 features): ~73k fixed with a 511-node model and 194 per row, so the bound is 2.4x the real
/// count at 10,000 rows (4.9M vs 2.0M: `fits` is false although 10,000 rows fit in 3 segments;
/// the executed session decides, as in mode 2). `bench/format3.ts` fails if a measured point is
/// above the bound. Tightening (e.g. per_row 40, per_row_byte 2, per_level 15, per_node 130,
/// base 30,000) would let the bound promise ~10,000 rows at depth 8.
pub const INFERENCE_CYCLES: InferenceCycleModel =
    InferenceCycleModel { base: 100_000, per_node: 300, per_row: 60, per_row_byte: 2, per_level: 35 };

/// The most user cycles a mode-3 run may take and still fit zkVerify's receipt limits: the same
/// receipt limits as mode 2 ([`MAX_TRAINING_CYCLES`]).
pub const MAX_INFERENCE_CYCLES: u64 = MAX_TRAINING_CYCLES;

/// Upper bound on the guest's user cycles for one mode-3 run with these shapes (saturating).
pub fn inference_cycles_bound(shape: &InferenceShape, m: &InferenceCycleModel) -> u64 {
    let c = |k: u64| u128::from(k);
    let row_bytes = u128::from(shape.features) * 8;
    let total = c(m.base)
        + c(m.per_node) * u128::from(shape.model_nodes)
        + u128::from(shape.rows) * (c(m.per_row) + c(m.per_row_byte) * row_bytes + c(m.per_level) * u128::from(shape.model_depth));
    u64::try_from(total).unwrap_or(u64::MAX)
}
