//! The guest program and how its input is laid out (must match methods/guest/src/main.rs).

use std::fs;

use anyhow::{Context, Result};
use risc0_zkvm::{Digest, ExecutorEnv};
use veritree_methods::VERITREE_GUEST_ID;

use crate::cli::{ProofInputs, Statement};

/// The guest's image id (of the v1compat-wrapped program, as risc0-build computes it).
pub fn image_id() -> Digest {
    Digest::from(VERITREE_GUEST_ID)
}

/// `0x` + lowercase hex.
pub fn hex0x(bytes: &[u8]) -> String {
    format!("0x{}", hex::encode(bytes))
}

/// The input files' bytes, read once (the refusal estimate and the guest input both use them).
pub struct Loaded {
    /// The guest's mode word (= journal format).
    pub mode: u32,
    /// The statement's frames in guest order: `[model]` (mode 1) or `[dataset, params]` (mode 2).
    pub frames: Vec<Vec<u8>>,
    pub test_set: Vec<u8>,
}

fn read(path: &std::path::Path, what: &str) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read {what} file {}", path.display()))
}

/// Reads the files named by `inputs`.
pub fn load(inputs: &ProofInputs) -> Result<Loaded> {
    let frames = match &inputs.statement {
        Statement::Accuracy { model } => vec![read(model, "model")?],
        Statement::Training { dataset, params } => vec![read(dataset, "dataset")?, params.to_vec()],
    };
    Ok(Loaded { mode: inputs.statement.mode(), frames, test_set: read(&inputs.test_set, "test-set")? })
}

/// Raw guest input: `u32 LE mode`, then each statement frame and the test set as `u32 LE len ‖
/// bytes`, then the 32-byte job id and `u32 LE threshold_bps`.
/// Mode 1: `[model]`; mode 2: `[dataset, params]` (see methods/guest/src/main.rs).
pub fn guest_input(loaded: &Loaded, job_id: &[u8; 32], threshold_bps: u32) -> Result<Vec<u8>> {
    let size: usize = loaded.frames.iter().map(Vec::len).sum::<usize>() + loaded.test_set.len() + 64;
    let mut input = Vec::with_capacity(size);
    input.extend_from_slice(&loaded.mode.to_le_bytes());
    for frame in loaded.frames.iter().chain([&loaded.test_set]) {
        let len = u32::try_from(frame.len()).context("input larger than 4 GiB")?;
        input.extend_from_slice(&len.to_le_bytes());
        input.extend_from_slice(frame);
    }
    input.extend_from_slice(job_id);
    input.extend_from_slice(&threshold_bps.to_le_bytes());
    Ok(input)
}

/// Builds the executor environment for loaded inputs.
pub fn executor_env(inputs: &ProofInputs, loaded: &Loaded) -> Result<ExecutorEnv<'static>> {
    let input = guest_input(loaded, &inputs.job_id, inputs.threshold_bps)?;
    ExecutorEnv::builder()
        .write_slice(&input)
        .segment_limit_po2(inputs.segment_po2)
        .build()
        .context("cannot build the executor environment")
}
