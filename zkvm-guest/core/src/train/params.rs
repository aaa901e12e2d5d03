//! Canonical training-parameter bytes, the Rust reading of
//! `backend/core/src/canonical/trainingParams.ts`: `u8 version = 1, u16 maxDepth, u32 minLeafSize,
//! u32 gainThresholdPpm`, little-endian, 11 bytes. `paramsHash = sha256(bytes)`.

use crate::train::TrainError;

/// Length of the canonical parameter bytes.
pub const TRAIN_PARAMS_BYTES: usize = 11;
/// Version byte that opens them.
pub const TRAIN_PARAMS_VERSION: u8 = 1;
/// One whole (a gain threshold of 1) in parts per million.
pub const PPM: u32 = 1_000_000;

/// Training hyperparameters, in the integers that get hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainParams {
    /// Deepest split level (the root is depth 0).
    pub max_depth: u16,
    /// Fewest training rows in any leaf.
    pub min_leaf_size: u32,
    /// Smallest Gini gain worth a split, in millionths (0..=1_000_000).
    pub gain_threshold_ppm: u32,
}

impl TrainParams {
    /// Decodes canonical parameter bytes; any other length, version, or a ppm above 10^6 is refused.
    pub fn decode(bytes: &[u8]) -> Result<Self, TrainError> {
        let bytes: &[u8; TRAIN_PARAMS_BYTES] =
            bytes.try_into().map_err(|_| TrainError::ParamsLength { len: bytes.len() })?;
        if bytes[0] != TRAIN_PARAMS_VERSION {
            return Err(TrainError::ParamsVersion { version: bytes[0] });
        }
        let params = Self {
            max_depth: u16::from_le_bytes([bytes[1], bytes[2]]),
            min_leaf_size: u32::from_le_bytes([bytes[3], bytes[4], bytes[5], bytes[6]]),
            gain_threshold_ppm: u32::from_le_bytes([bytes[7], bytes[8], bytes[9], bytes[10]]),
        };
        if params.gain_threshold_ppm > PPM {
            return Err(TrainError::ParamsRange { ppm: params.gain_threshold_ppm });
        }
        Ok(params)
    }

    /// Canonical bytes (the inverse of [`TrainParams::decode`] for valid parameters).
    pub fn encode(&self) -> [u8; TRAIN_PARAMS_BYTES] {
        let mut out = [0u8; TRAIN_PARAMS_BYTES];
        out[0] = TRAIN_PARAMS_VERSION;
        out[1..3].copy_from_slice(&self.max_depth.to_le_bytes());
        out[3..7].copy_from_slice(&self.min_leaf_size.to_le_bytes());
        out[7..11].copy_from_slice(&self.gain_threshold_ppm.to_le_bytes());
        out
    }
}
