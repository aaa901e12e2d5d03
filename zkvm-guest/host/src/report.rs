//! JSON shapes printed on stdout (camelCase, matching backend/src/prover types).

use anyhow::{bail, ensure, Context, Result};
use risc0_zkvm::sha::{Impl, Sha256};
use serde::Serialize;
use veritree_core::{inference_journal, AnyJournal, JOURNAL_FORMAT_INFERENCE};

use crate::guest::{hex0x, Loaded};

/// A journal's fields, decoded with the same names as the TypeScript journal types.
#[derive(Serialize)]
#[serde(untagged)]
pub enum DecodedJournal {
    /// Formats 1 and 2 (a sale's).
    Sale(DecodedSaleJournal),
    /// Format 3 (an inference request's).
    Inference(DecodedInferenceJournal),
}

/// A sale's journal (`Journal` / `TrainingJournal`); `datasetCommitment` and `paramsHash` appear
/// for format 2 only.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecodedSaleJournal {
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

/// A format-3 journal (`InferenceJournal`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecodedInferenceJournal {
    pub format: u32,
    pub request_id: String,
    pub model_hash: String,
    pub inputs_hash: String,
    pub count: u32,
    pub predictions_hash: String,
}

/// Decodes journal bytes of any format strictly with the core's rules.
pub fn decode_journal(bytes: &[u8]) -> Result<DecodedJournal> {
    let any = AnyJournal::decode(bytes).map_err(|e| anyhow::anyhow!("{e}")).context("journal is not a Veritree journal")?;
    let (dataset_commitment, params_hash) = match &any {
        AnyJournal::Inference(j) => {
            return Ok(DecodedJournal::Inference(DecodedInferenceJournal {
                format: j.format,
                request_id: hex0x(&j.request_id),
                model_hash: hex0x(&j.model_hash),
                inputs_hash: hex0x(&j.inputs_hash),
                count: j.count,
                predictions_hash: hex0x(&j.predictions_hash),
            }))
        }
        AnyJournal::Training(t) => (Some(hex0x(&t.dataset_commitment)), Some(hex0x(&t.params_hash))),
        AnyJournal::Accuracy(_) => (None, None),
    };
    let j = any.accuracy_fields().expect("formats 1 and 2 have accuracy fields");
    Ok(DecodedJournal::Sale(DecodedSaleJournal {
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
    }))
}

/// Mode 3: the canonical predictions bytes as `0x` hex, computed on the host with the core's
/// `inference_journal` (the same code the guest streams), after checking that the journal the guest
/// committed is exactly the one those predictions give (so `predictionsHash` opens to them).
/// `None` in modes 1 and 2.
pub fn predictions(loaded: &Loaded, journal: &[u8]) -> Result<Option<String>> {
    if loaded.mode != JOURNAL_FORMAT_INFERENCE {
        return Ok(None);
    }
    let [model, inputs] = loaded.frames.as_slice() else { bail!("mode 3 has two frames: model and inputs") };
    let request_id: [u8; 32] = loaded.tail.as_slice().try_into().context("mode 3's tail is the 32-byte request id")?;
    let sha256 = |b: &[u8]| -> [u8; 32] { Impl::hash_bytes(b).as_bytes().try_into().expect("32 bytes") };
    let (expected, predictions) = inference_journal(model, inputs, request_id, sha256)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the host cannot predict these inputs")?;
    ensure!(
        expected.encode().as_slice() == journal,
        "the guest's journal differs from the host's for the same model and inputs (predictionsHash {} expected)",
        hex0x(&expected.predictions_hash)
    );
    Ok(Some(hex0x(&predictions)))
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
