//! The guest program and how its input is laid out (must match methods/guest/src/main.rs).

use std::fs;

use anyhow::{Context, Result};
use risc0_zkvm::{Digest, ExecutorEnv};
use veritree_methods::VERITREE_GUEST_ID;

use crate::cli::{ProofInputs, Sale, Statement};

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
    /// The length-prefixed frames in guest order: `[model, test set]` (mode 1), `[dataset, params,
    /// test set]` (mode 2) or `[model, inputs]` (mode 3).
    pub frames: Vec<Vec<u8>>,
    /// The raw bytes after the frames: job id and `u32 LE threshold_bps` (modes 1, 2) or the
    /// request id (mode 3).
    pub tail: Vec<u8>,
}

fn read(path: &std::path::Path, what: &str) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read {what} file {}", path.display()))
}

fn sale_tail(sale: &Sale) -> Vec<u8> {
    [&sale.job_id[..], &sale.threshold_bps.to_le_bytes()].concat()
}

/// Reads the files named by `inputs`.
pub fn load(inputs: &ProofInputs) -> Result<Loaded> {
    let (frames, tail) = match &inputs.statement {
        Statement::Accuracy { model, sale } => {
            (vec![read(model, "model")?, read(&sale.test_set, "test-set")?], sale_tail(sale))
        }
        Statement::Training { dataset, params, sale } => {
            (vec![read(dataset, "dataset")?, params.to_vec(), read(&sale.test_set, "test-set")?], sale_tail(sale))
        }
        Statement::Inference { model, inputs, request_id } => {
            (vec![read(model, "model")?, read(inputs, "inputs")?], request_id.to_vec())
        }
    };
    Ok(Loaded { mode: inputs.statement.mode(), frames, tail })
}

/// Raw guest input: `u32 LE mode`, then each frame as `u32 LE len ‖ bytes`, then the tail
/// (see [`Loaded`] and methods/guest/src/main.rs).
pub fn guest_input(loaded: &Loaded) -> Result<Vec<u8>> {
    let size: usize = loaded.frames.iter().map(|f| f.len() + 4).sum::<usize>() + loaded.tail.len() + 4;
    let mut input = Vec::with_capacity(size);
    input.extend_from_slice(&loaded.mode.to_le_bytes());
    for frame in &loaded.frames {
        let len = u32::try_from(frame.len()).context("input larger than 4 GiB")?;
        input.extend_from_slice(&len.to_le_bytes());
        input.extend_from_slice(frame);
    }
    input.extend_from_slice(&loaded.tail);
    Ok(input)
}

/// Builds the executor environment for loaded inputs.
pub fn executor_env(inputs: &ProofInputs, loaded: &Loaded) -> Result<ExecutorEnv<'static>> {
    let input = guest_input(loaded)?;
    ExecutorEnv::builder()
        .write_slice(&input)
        .segment_limit_po2(inputs.segment_po2)
        .build()
        .context("cannot build the executor environment")
}
