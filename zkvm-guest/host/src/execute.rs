//! `execute`: run the guest without proving (fast; for cycle counts and input checks).

use std::time::Instant;

use anyhow::{bail, Context, Result};
use risc0_zkvm::{ExecutorImpl, ExitCode, Session};
use serde::Serialize;
use veritree_methods::VERITREE_GUEST_ELF;

use crate::cli::ProofInputs;
use crate::estimate::{estimate, Estimate};
use crate::guest::{executor_env, hex0x, load, Loaded};
use crate::report::{self, DecodedJournal};
use crate::zkverify;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecuteReport {
    cycles: u64,
    user_cycles: u64,
    paging_cycles: u64,
    segments: usize,
    segment_po2: u32,
    execute_ms: u128,
    journal: String,
    decoded: DecodedJournal,
    /// Whether `prove` would accept it (zkVerify's limits); `problems` says why not.
    fits_zk_verify: bool,
    problems: Vec<String>,
    /// Modes 2 and 3: the cycle bound `prove` checks before executing (absent in mode 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    estimate: Option<Estimate>,
    /// Mode 3 only: the canonical predictions bytes (hex), checked against the journal.
    #[serde(skip_serializing_if = "Option::is_none")]
    predictions: Option<String>,
}

/// Runs the guest to completion. A guest that rejects its input (panics) is an error whose message
/// carries the guest's reason, e.g. `MODEL_STRUCTURE: node 0 breaks canonical preorder`.
pub fn run_session(inputs: &ProofInputs, loaded: &Loaded) -> Result<Session> {
    let env = executor_env(inputs, loaded)?;
    let mut exec = ExecutorImpl::from_elf(env, VERITREE_GUEST_ELF).context("cannot load the guest program")?;
    let session = exec.run().context("the guest rejected the input (no journal, no proof)")?;
    if session.exit_code != ExitCode::Halted(0) {
        bail!("the guest exited with {:?} instead of halting normally", session.exit_code);
    }
    Ok(session)
}

/// Journal bytes committed by a finished session.
pub fn session_journal(session: &Session) -> Result<Vec<u8>> {
    Ok(session.journal.as_ref().context("the guest committed no journal")?.bytes.clone())
}

pub fn run(inputs: &ProofInputs) -> Result<()> {
    let loaded = load(inputs)?;
    // Execute runs even above the estimate: it is how the estimate is measured and calibrated.
    let estimate = estimate(&loaded);
    let start = Instant::now();
    let session = run_session(inputs, &loaded)?;
    let journal = session_journal(&session)?;
    let po2 = zkverify::largest_segment_po2(session.segments.len(), inputs.segment_po2, session.total_cycles);
    let problems = zkverify::preflight(session.segments.len(), po2, journal.len());
    report::print(&ExecuteReport {
        fits_zk_verify: problems.is_empty(),
        problems,
        cycles: session.total_cycles,
        user_cycles: session.user_cycles,
        paging_cycles: session.paging_cycles,
        segments: session.segments.len(),
        segment_po2: inputs.segment_po2,
        execute_ms: start.elapsed().as_millis(),
        decoded: report::decode_journal(&journal)?,
        predictions: report::predictions(&loaded, &journal)?,
        journal: hex0x(&journal),
        estimate,
    })
}
