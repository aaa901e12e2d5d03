//! The guest program and how its input is laid out (must match methods/guest/src/main.rs).

use std::fs;

use anyhow::{Context, Result};
use risc0_zkvm::{Digest, ExecutorEnv};
use veritree_methods::VERITREE_GUEST_ID;

use crate::cli::ProofInputs;

/// The guest's image id (of the v1compat-wrapped program, as risc0-build computes it).
pub fn image_id() -> Digest {
    Digest::from(VERITREE_GUEST_ID)
}

/// `0x` + lowercase hex.
pub fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// Raw input frames: `u32 LE len, model; u32 LE len, test set; job id; u32 LE threshold`.
pub fn guest_input(model: &[u8], test_set: &[u8], job_id: &[u8; 32], threshold_bps: u32) -> Result<Vec<u8>> {
    let mut input = Vec::with_capacity(model.len() + test_set.len() + 44);
    for frame in [model, test_set] {
        let len = u32::try_from(frame.len()).context("input larger than 4 GiB")?;
        input.extend_from_slice(&len.to_le_bytes());
        input.extend_from_slice(frame);
    }
    input.extend_from_slice(job_id);
    input.extend_from_slice(&threshold_bps.to_le_bytes());
    Ok(input)
}

/// Reads the input files and builds the executor environment.
pub fn executor_env(inputs: &ProofInputs) -> Result<ExecutorEnv<'static>> {
    let model = fs::read(&inputs.model).with_context(|| format!("cannot read model file {}", inputs.model.display()))?;
    let test_set =
        fs::read(&inputs.test_set).with_context(|| format!("cannot read test-set file {}", inputs.test_set.display()))?;
    let input = guest_input(&model, &test_set, &inputs.job_id, inputs.threshold_bps)?;
    ExecutorEnv::builder()
        .write_slice(&input)
        .segment_limit_po2(inputs.segment_po2)
        .build()
        .context("cannot build the executor environment")
}
