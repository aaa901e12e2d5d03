//! Why training was refused. Codes follow the canonical `Error::code()` style; `PARAMS_*` are the
//! codes `backend/core/src/canonical/trainingParams.ts` uses for the same failures.

use core::fmt;

use crate::Error;

/// Why `train` rejected its input. Nothing is trained when any of these is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainError {
    /// The dataset bytes are not a canonical table.
    Dataset(Error),
    /// Parameter bytes are not 11 long.
    ParamsLength { len: usize },
    /// Parameter bytes do not start with version 1.
    ParamsVersion { version: u8 },
    /// `gainThresholdPpm` is above 1,000,000.
    ParamsRange { ppm: u32 },
    /// Zero classes.
    Classes,
    /// More feature columns than a model can name (u16).
    Features { features: u32 },
    /// A label is not below the class count.
    Label { row: u32, label: u16, classes: u16 },
    /// Fewer rows than `minLeafSize`: not even one legal leaf.
    TooFewRows { rows: u32, min_leaf_size: u32 },
}

impl TrainError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            TrainError::Dataset(e) => e.code(),
            TrainError::ParamsLength { .. } => "PARAMS_LENGTH",
            TrainError::ParamsVersion { .. } => "PARAMS_VERSION",
            TrainError::ParamsRange { .. } => "PARAMS_RANGE",
            TrainError::Classes => "TRAIN_CLASSES",
            TrainError::Features { .. } => "TRAIN_FEATURES",
            TrainError::Label { .. } => "TRAIN_LABEL",
            TrainError::TooFewRows { .. } => "TRAIN_ROWS",
        }
    }
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Dataset(e) => write!(f, "dataset: {e}"),
            TrainError::ParamsLength { len } => {
                write!(f, "PARAMS_LENGTH: training parameters are {len} bytes, expected 11")
            }
            TrainError::ParamsVersion { version } => {
                write!(f, "PARAMS_VERSION: training parameters version {version}, expected 1")
            }
            TrainError::ParamsRange { ppm } => {
                write!(f, "PARAMS_RANGE: gainThresholdPpm {ppm} is above 1000000")
            }
            TrainError::Classes => write!(f, "TRAIN_CLASSES: the class count must be at least 1"),
            TrainError::Features { features } => {
                write!(f, "TRAIN_FEATURES: {features} features; a model holds at most 65535")
            }
            TrainError::Label { row, label, classes } => {
                write!(f, "TRAIN_LABEL: row {row} has label {label}, not below {classes} classes")
            }
            TrainError::TooFewRows { rows, min_leaf_size } => {
                write!(f, "TRAIN_ROWS: the dataset has {rows} rows, fewer than minLeafSize {min_leaf_size}")
            }
        }
    }
}
