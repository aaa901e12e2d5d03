//! JSON shapes printed on stdout (camelCase, matching backend/src/prover types).

use anyhow::{Context, Result};
use serde::Serialize;
use veritree_core::AnyJournal;

use crate::guest::hex0x;

/// The journal's fields, decoded (same names as the TypeScript `Journal` / `TrainingJournal`);
/// `datasetCommitment` and `paramsHash` appear for format 2 only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecodedJournal {
    pub format: u32,
    pub job_id: String,
    pub model_hash: String,
    pub test_set_hash: String,
    pub correct: u32,
    pub total: u32,
    pub threshold_bps: u32,
    pub met: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset_commitment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params_hash: Option<String>,
}

/// Decodes journal bytes of either format strictly with the core's rules.
pub fn decode_journal(bytes: &[u8]) -> Result<DecodedJournal> {
    let any = AnyJournal::decode(bytes).map_err(|e| anyhow::anyhow!("{e}")).context("journal is not a Veritree journal")?;
    let (dataset_commitment, params_hash) = match &any {
        AnyJournal::Training(t) => (Some(hex0x(&t.dataset_commitment)), Some(hex0x(&t.params_hash))),
        _ => (None, None),
    };
    let j = any.accuracy_fields().ok_or_else(|| anyhow::anyhow!("a format-3 journal is not a sale's"))?;
    Ok(DecodedJournal {
        format: j.format,
        job_id: hex0x(&j.job_id),
        model_hash: hex0x(&j.model_hash),
        test_set_hash: hex0x(&j.test_set_hash),
        correct: j.correct,
        total: j.total,
        threshold_bps: j.threshold_bps,
        met: j.met,
        dataset_commitment,
        params_hash,
    })
}

/// Prints one JSON object on stdout.
pub fn print<T: Serialize>(value: &T) -> Result<()> {
    println!("{}", serde_json::to_string(value)?);
    Ok(())
}

/// One progress line on stderr: `{"event":"progress",...}`.
pub fn progress(value: serde_json::Value) {
    let mut v = value;
    if let Some(obj) = v.as_object_mut() {
        obj.insert("event".into(), "progress".into());
    }
    eprintln!("{v}");
}

/// Peak resident memory of this process (Linux VmHWM), if available.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
