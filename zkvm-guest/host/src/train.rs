//! `veritree-prover train`: canonical dataset bytes + canonical parameter bytes → canonical model
//! bytes, with the same `veritree_core::train` the guest links, so `modelHash` is comparable.
//!
//! `--dataset -` reads the dataset from stdin and `--out -` puts the model bytes in the report
//! (`model`, hex) instead of a file: the backend uses both, so the decrypted rows never touch disk.

use std::fs;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use risc0_zkvm::sha::{Impl, Sha256};
use serde::Serialize;
use veritree_core::train::{train, TrainParams};
use veritree_core::TableView;

use crate::cli::parse_hex;
use crate::guest::hex0x;
use crate::report;

/// The path that means stdin (`--dataset`) or the report (`--out`).
const STDIO: &str = "-";

/// Parsed `train` flags.
pub struct TrainArgs {
    pub dataset: PathBuf,
    pub classes: u16,
    pub params: TrainParams,
    pub out: PathBuf,
}

impl TrainArgs {
    /// Reads the flag values; the parameters are the canonical 11 bytes as hex.
    pub fn from_flags(dataset: &str, classes: &str, params: &str, out: &str) -> Result<Self> {
        let classes = classes
            .parse::<u16>()
            .ok()
            .filter(|&c| c >= 1)
            .ok_or_else(|| anyhow!("--classes {classes:?} must be an integer in 1..=65535"))?;
        let params = TrainParams::decode(&parse_hex(params, "--params")?).map_err(|e| anyhow!("--params: {e}"))?;
        Ok(Self { dataset: dataset.into(), classes, params, out: out.into() })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrainReport {
    model_hash: String,
    /// `-` when the model is in `model` rather than in a file.
    model_path: String,
    /// The model bytes as 0x-hex, only with `--out -`.
    #[serde(skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    model_bytes: usize,
    nodes: usize,
    rows: u32,
    features: u32,
    classes: u16,
    train_ms: u128,
    peak_rss_bytes: Option<u64>,
}

pub fn run(args: &TrainArgs) -> Result<()> {
    if args.out.as_os_str().is_empty() {
        bail!("--out must name a file");
    }
    let dataset = if args.dataset.as_os_str() == STDIO {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes).context("cannot read the dataset from stdin")?;
        bytes
    } else {
        fs::read(&args.dataset).with_context(|| format!("cannot read dataset file {}", args.dataset.display()))?
    };
    let table = TableView::decode(&dataset).map_err(|e| anyhow!("dataset: {e}"))?;
    let start = Instant::now();
    let model = train(&table, args.classes, &args.params).map_err(|e| anyhow!("{e}"))?;
    let train_ms = start.elapsed().as_millis();
    let bytes = model.encode();
    let to_stdout = args.out.as_os_str() == STDIO;
    if !to_stdout {
        fs::write(&args.out, &bytes).with_context(|| format!("cannot write model file {}", args.out.display()))?;
    }
    report::print(&TrainReport {
        model_hash: hex0x(Impl::hash_bytes(&bytes).as_bytes()),
        model_path: args.out.display().to_string(),
        model: to_stdout.then(|| hex0x(&bytes)),
        model_bytes: bytes.len(),
        nodes: model.nodes.len(),
        rows: table.rows(),
        features: table.features(),
        classes: args.classes,
        train_ms,
        peak_rss_bytes: report::peak_rss_bytes(),
    })
}
