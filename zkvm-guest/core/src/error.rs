//! One error type for every canonical-format failure. Each variant has a stable `code()` that the
//! TypeScript side uses too, so golden vectors can say *why* a byte string must be rejected.

use core::fmt;

/// Why canonical input was rejected. `code()` strings are shared with `backend/core/src/canonical`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Fixed-point text was empty.
    FixedEmpty,
    /// Fixed-point text is not a decimal number.
    FixedSyntax,
    /// Fixed-point text is NaN or infinite.
    FixedNotFinite,
    /// Fixed-point value does not fit in i64 after scaling by 10^6.
    FixedRange,
    /// Test-set bytes end inside the 8-byte header.
    TableTruncated { len: usize },
    /// Test set declares zero rows or zero features.
    TableEmpty { rows: u32, features: u32 },
    /// Test-set length differs from `8 + rows * (features * 8 + 2)`.
    TableLength { expected: u128, actual: usize },
    /// Model bytes end inside the header or a node.
    ModelTruncated { offset: usize },
    /// Model header declares zero nodes, features or classes.
    ModelHeader { nodes: u32, features: u16, classes: u16 },
    /// Node tag is neither 0 (split) nor 1 (leaf).
    ModelNodeKind { node: u32, tag: u8 },
    /// Split feature index is not below the model's feature count.
    ModelFeature { node: u32, feature: u16 },
    /// Leaf class is not below the model's class count.
    ModelClass { node: u32, class: u16 },
    /// Child indices are not canonical preorder (left = index + 1, right = end of left subtree),
    /// or the root's subtree does not cover every node exactly.
    ModelStructure { node: u32 },
    /// Bytes follow the last declared node.
    ModelTrailing { extra: usize },
    /// Test set and model disagree on the number of features.
    EvalFeatures { model: u16, table: u32 },
    /// A test-set label is not below the model's class count.
    EvalLabel { row: u32, label: u16 },
    /// Accuracy threshold above 10000 basis points.
    ThresholdRange { bps: u32 },
    /// Journal is not exactly as long as its format's encoding (256 bytes for format 1, 320 for 2, 192 for 3).
    JournalLength { len: usize, expected: usize },
    /// Journal format is not the one being decoded (or, for [`crate::AnyJournal`], not 1, 2 or 3).
    JournalFormat { format: u32 },
    /// A journal word is not a valid ABI encoding of its type.
    JournalWord { word: usize },
    /// A format-3 journal claims zero predictions.
    JournalEmpty,
    /// Canonical predictions are not a non-zero even number of bytes.
    PredictionsLength { len: usize },
}

impl Error {
    /// Stable machine-readable code, identical in Rust and TypeScript.
    pub fn code(&self) -> &'static str {
        match self {
            Error::FixedEmpty => "FIXED_EMPTY",
            Error::FixedSyntax => "FIXED_SYNTAX",
            Error::FixedNotFinite => "FIXED_NOT_FINITE",
            Error::FixedRange => "FIXED_RANGE",
            Error::TableTruncated { .. } => "TABLE_TRUNCATED",
            Error::TableEmpty { .. } => "TABLE_EMPTY",
            Error::TableLength { .. } => "TABLE_LENGTH",
            Error::ModelTruncated { .. } => "MODEL_TRUNCATED",
            Error::ModelHeader { .. } => "MODEL_HEADER",
            Error::ModelNodeKind { .. } => "MODEL_NODE_KIND",
            Error::ModelFeature { .. } => "MODEL_FEATURE",
            Error::ModelClass { .. } => "MODEL_CLASS",
            Error::ModelStructure { .. } => "MODEL_STRUCTURE",
            Error::ModelTrailing { .. } => "MODEL_TRAILING",
            Error::EvalFeatures { .. } => "EVAL_FEATURES",
            Error::EvalLabel { .. } => "EVAL_LABEL",
            Error::ThresholdRange { .. } => "THRESHOLD_RANGE",
            Error::JournalLength { .. } => "JOURNAL_LENGTH",
            Error::JournalFormat { .. } => "JOURNAL_FORMAT",
            Error::JournalWord { .. } => "JOURNAL_WORD",
            Error::JournalEmpty => "JOURNAL_EMPTY",
            Error::PredictionsLength { .. } => "PREDICTIONS_LENGTH",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.code())?;
        match self {
            Error::FixedEmpty => write!(f, "empty number"),
            Error::FixedSyntax => write!(f, "not a decimal number"),
            Error::FixedNotFinite => write!(f, "NaN and infinity are not allowed"),
            Error::FixedRange => write!(f, "value out of range for 6-decimal fixed point (i64)"),
            Error::TableTruncated { len } => {
                write!(f, "test set is {len} bytes, shorter than its 8-byte header")
            }
            Error::TableEmpty { rows, features } => {
                write!(f, "test set has {rows} rows and {features} features; both must be >= 1")
            }
            Error::TableLength { expected, actual } => {
                write!(f, "test set is {actual} bytes, header implies {expected}")
            }
            Error::ModelTruncated { offset } => write!(f, "model bytes end early at offset {offset}"),
            Error::ModelHeader { nodes, features, classes } => write!(
                f,
                "model header has {nodes} nodes, {features} features, {classes} classes; all must be >= 1"
            ),
            Error::ModelNodeKind { node, tag } => {
                write!(f, "node {node} has kind {tag}; expected 0 (split) or 1 (leaf)")
            }
            Error::ModelFeature { node, feature } => {
                write!(f, "node {node} splits on feature {feature}, beyond the model's features")
            }
            Error::ModelClass { node, class } => {
                write!(f, "leaf {node} predicts class {class}, beyond the model's classes")
            }
            Error::ModelStructure { node } => {
                write!(f, "node {node} breaks canonical preorder (children or node count)")
            }
            Error::ModelTrailing { extra } => write!(f, "{extra} bytes after the last node"),
            Error::EvalFeatures { model, table } => {
                write!(f, "model has {model} features but the test set has {table}")
            }
            Error::EvalLabel { row, label } => {
                write!(f, "row {row} has label {label}, beyond the model's classes")
            }
            Error::ThresholdRange { bps } => {
                write!(f, "threshold {bps} bps is above 10000")
            }
            Error::JournalLength { len, expected } => write!(f, "journal is {len} bytes, expected {expected}"),
            Error::JournalFormat { format } => write!(f, "journal format {format} is not the format being decoded (1 accuracy, 2 training, 3 inference)"),
            Error::JournalWord { word } => write!(f, "journal word {word} is not a valid ABI value"),
            Error::JournalEmpty => write!(f, "journal count is 0; a request has at least one prediction"),
            Error::PredictionsLength { len } => {
                write!(f, "predictions are {len} bytes; expected 2 × count with count >= 1")
            }
        }
    }
}
