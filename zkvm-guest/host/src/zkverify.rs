//! zkVerify's acceptance rules for RISC Zero V3_0 proofs (settlementRisc0Pallet): composite or
//! succinct receipts, at most 4 segments of at most 350,000 bytes each, segment po2 <= 21, and a
//! public input (journal) of at most 2,052 bytes.

use risc0_zkvm::{InnerReceipt, Receipt};
use serde::Serialize;

pub const MAX_SEGMENTS: usize = 4;
pub const MAX_SEGMENT_BYTES: usize = 350_000;
pub const MAX_PO2: usize = 21;
pub const MAX_JOURNAL_BYTES: usize = 2_052;

/// Result of checking a receipt against zkVerify's limits.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compatibility {
    pub compatible: bool,
    pub receipt_kind: &'static str,
    pub segments: usize,
    pub max_segment_seal_bytes: usize,
    /// Largest segment po2, when known (proving records it; a receipt file alone does not).
    pub max_po2: Option<usize>,
    /// Why it is not compatible (empty when it is).
    pub problems: Vec<String>,
}

/// Checks `receipt`; `po2s` are the segment sizes when known.
pub fn check(receipt: &Receipt, po2s: Option<&[usize]>) -> Compatibility {
    let mut problems = Vec::new();
    let (kind, seals): (&'static str, Vec<usize>) = match &receipt.inner {
        InnerReceipt::Composite(c) => ("composite", c.segments.iter().map(|s| s.seal.len() * 4).collect()),
        InnerReceipt::Succinct(s) => ("succinct", vec![s.seal.len() * 4]),
        InnerReceipt::Groth16(_) => ("groth16", vec![]),
        InnerReceipt::Fake(_) => ("fake", vec![]),
        _ => ("unknown", vec![]),
    };
    if !matches!(kind, "composite" | "succinct") {
        problems.push(format!("{kind} receipts are not accepted (composite or succinct only)"));
    }
    if seals.len() > MAX_SEGMENTS {
        problems.push(format!("{} segments, at most {MAX_SEGMENTS} allowed", seals.len()));
    }
    let max_seal = seals.iter().copied().max().unwrap_or(0);
    if max_seal > MAX_SEGMENT_BYTES {
        problems.push(format!("a segment seal is {max_seal} bytes, at most {MAX_SEGMENT_BYTES} allowed"));
    }
    let max_po2 = po2s.and_then(|p| p.iter().copied().max());
    if let Some(p) = max_po2.filter(|&p| p > MAX_PO2) {
        problems.push(format!("segment po2 {p}, at most {MAX_PO2} allowed"));
    }
    if receipt.journal.bytes.len() > MAX_JOURNAL_BYTES {
        problems.push(format!("journal is {} bytes, at most {MAX_JOURNAL_BYTES} allowed", receipt.journal.bytes.len()));
    }
    Compatibility {
        compatible: problems.is_empty(),
        receipt_kind: kind,
        segments: seals.len(),
        max_segment_seal_bytes: max_seal,
        max_po2,
        problems,
    }
}
