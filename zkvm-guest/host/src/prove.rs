//! `prove`: execute, prove every segment (composite receipt), self-verify, write the receipt.

use std::cell::RefCell;
use std::fs;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

use anyhow::{ensure, Context, Result};
use risc0_zkvm::{get_prover_server, ProverOpts, Segment, SessionEvents, VerifierContext};
use serde::Serialize;
use serde_json::json;

use crate::cli::ProofInputs;
use crate::estimate::{estimate, refuse_before_executing, Estimate};
use crate::execute::{run_session, session_journal};
use crate::guest::{hex0x, image_id, load};
use crate::refusal::TooLarge;
use crate::report::{self, DecodedJournal};
use crate::zkverify::{self, Compatibility};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProveReport {
    image_id: String,
    journal: String,
    decoded: DecodedJournal,
    cycles: u64,
    user_cycles: u64,
    segments: usize,
    segment_po2s: Vec<usize>,
    execute_ms: u128,
    proving_ms: u128,
    verify_ms: u128,
    receipt_bytes: usize,
    receipt_path: PathBuf,
    journal_path: PathBuf,
    receipt_kind: &'static str,
    dev_mode: bool,
    zk_verify_compatible: bool,
    zk_verify: Compatibility,
    peak_rss_bytes: Option<u64>,
    /// Modes 2 and 3: the cycle bound checked before executing.
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate: Option<Estimate>,
    /// Mode 3 only: the canonical predictions bytes (hex), checked against the journal.
    #[serde(skip_serializing_if = "Option::is_none")]
    predictions: Option<String>,
}

/// Emits a progress line around each segment and records its po2.
struct Progress {
    total: usize,
    started: Instant,
    po2s: Rc<RefCell<Vec<usize>>>,
}

impl SessionEvents for Progress {
    fn on_pre_prove_segment(&self, segment: &Segment) {
        report::progress(json!({
            "stage": "prove", "status": "start", "segment": segment.index, "segments": self.total,
            "po2": segment.po2(), "elapsedMs": self.started.elapsed().as_millis() as u64,
        }));
    }

    fn on_post_prove_segment(&self, segment: &Segment) {
        self.po2s.borrow_mut().push(segment.po2());
        report::progress(json!({
            "stage": "prove", "status": "done", "segment": segment.index, "segments": self.total,
            "po2": segment.po2(), "elapsedMs": self.started.elapsed().as_millis() as u64,
        }));
    }
}

pub fn run(inputs: &ProofInputs, out: &PathBuf) -> Result<()> {
    fs::create_dir_all(out).with_context(|| format!("cannot create output directory {}", out.display()))?;
    let loaded = load(inputs)?;
    // Modes 2 and 3: refuse on the cycle bound before executing (training a large dataset, or
    // predicting a huge batch, in the executor takes minutes); the exact check on the executed
    // session follows anyway.
    let estimate = estimate(&loaded);
    refuse_before_executing(estimate, inputs.segment_po2)?;
    let started = Instant::now();
    report::progress(json!({ "stage": "execute", "status": "start" }));
    let mut session = run_session(inputs, &loaded)?;
    let execute_ms = started.elapsed().as_millis();
    let journal = session_journal(&session)?;
    // Mode 3: the host's predictions must open the journal's predictionsHash before anything is proven.
    let predictions = report::predictions(&loaded, &journal)?;
    report::progress(json!({
        "stage": "execute", "status": "done", "segments": session.segments.len(),
        "cycles": session.total_cycles, "elapsedMs": execute_ms as u64,
    }));
    // Refuse before proving (minutes to hours) a receipt that zkVerify could never accept.
    let po2 = zkverify::largest_segment_po2(session.segments.len(), inputs.segment_po2, session.total_cycles);
    let problems = zkverify::preflight(session.segments.len(), po2, journal.len());
    if !problems.is_empty() {
        return Err(TooLarge {
            cycles: session.total_cycles,
            user_cycles: session.user_cycles,
            segments: session.segments.len(),
            segment_po2: po2,
            problems,
            estimated: false,
        }
        .into());
    }

    let po2s = Rc::new(RefCell::new(Vec::new()));
    session.add_hook(Progress { total: session.segments.len(), started, po2s: po2s.clone() });
    // Composite: the recursion circuit (lift/join) is not built in (see README), and zkVerify
    // accepts composite receipts. Dev mode (RISC0_DEV_MODE) yields a fake receipt, flagged below.
    let opts = ProverOpts::composite();
    let prover = get_prover_server(&opts).context("cannot create the prover")?;
    let prove_start = Instant::now();
    let info = prover.prove_session(&VerifierContext::default(), &session).context("proving failed")?;
    let proving_ms = prove_start.elapsed().as_millis();
    let receipt = info.receipt;
    ensure!(receipt.journal.bytes == journal, "the receipt's journal differs from the executed journal");

    let verify_start = Instant::now();
    receipt.verify(image_id()).context("the fresh receipt does not verify against the image id")?;
    let verify_ms = verify_start.elapsed().as_millis();

    let mut cbor = Vec::new();
    ciborium::into_writer(&receipt, &mut cbor).context("cannot encode the receipt as CBOR")?;
    // Check the bytes we hand out, not just the in-memory receipt: a receipt must survive its own
    // CBOR round trip. (Multi-segment receipts currently do not; see README "Known issues".)
    let decoded: risc0_zkvm::Receipt = ciborium::from_reader(cbor.as_slice()).context("cannot decode our own CBOR receipt")?;
    decoded.verify(image_id()).with_context(|| {
        format!(
            "the receipt verifies in memory but not after CBOR encoding ({} segments); \
             only single-segment receipts are known to work: use fewer rows or a larger --segment-po2",
            session.segments.len()
        )
    })?;
    let receipt_path = out.join("receipt.cbor");
    let journal_path = out.join("journal.bin");
    fs::write(&receipt_path, &cbor).with_context(|| format!("cannot write {}", receipt_path.display()))?;
    fs::write(&journal_path, &journal).with_context(|| format!("cannot write {}", journal_path.display()))?;

    let segment_po2s = po2s.borrow().clone();
    let compat = zkverify::check(&receipt, Some(&segment_po2s));
    report::print(&ProveReport {
        image_id: hex0x(image_id().as_bytes()),
        decoded: report::decode_journal(&journal)?,
        journal: hex0x(&journal),
        cycles: session.total_cycles,
        user_cycles: session.user_cycles,
        segments: session.segments.len(),
        segment_po2s,
        execute_ms,
        proving_ms,
        verify_ms,
        receipt_bytes: cbor.len(),
        receipt_path: receipt_path.canonicalize().unwrap_or(receipt_path),
        journal_path: journal_path.canonicalize().unwrap_or(journal_path),
        receipt_kind: compat.receipt_kind,
        dev_mode: opts.dev_mode(),
        zk_verify_compatible: compat.compatible,
        zk_verify: compat,
        peak_rss_bytes: report::peak_rss_bytes(),
        predictions,
        estimate,
    })
}
