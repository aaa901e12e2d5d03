//! zkVerify's acceptance rules for RISC Zero V3_0 proofs (settlementRisc0Pallet): composite or
//! succinct receipts, at most 4 segments of at most 350,000 bytes each, segment po2 <= 21, and a
//! public input (journal) of at most 2,052 bytes. The numbers live in `veritree_core::limits`
//! (checked against the TypeScript list by core/tests/golden.rs).
//!
//! A segment's size is taken as its CBOR encoding (what travels inside the `proof` bytes), which is
//! about 1.23x its raw seal because CBOR spends 5 bytes on most 32-bit field elements. That is the
//! stricter of the two readings of the limit, so "compatible" here should hold on chain too.

use risc0_zkvm::{InnerReceipt, Receipt};
use serde::Serialize;
use veritree_core::limits::{
    ZKVERIFY_MAX_PO2, ZKVERIFY_MAX_PUBLIC_INPUTS_BYTES, ZKVERIFY_MAX_SEGMENTS, ZKVERIFY_MAX_SEGMENT_BYTES,
};

pub const MAX_SEGMENTS: usize = ZKVERIFY_MAX_SEGMENTS;
pub const MAX_SEGMENT_BYTES: usize = ZKVERIFY_MAX_SEGMENT_BYTES;
pub const MAX_PO2: usize = ZKVERIFY_MAX_PO2 as usize;
pub const MAX_JOURNAL_BYTES: usize = ZKVERIFY_MAX_PUBLIC_INPUTS_BYTES;

/// The largest segment po2 whose seal fits `MAX_SEGMENT_BYTES` as CBOR. A seal's size follows its
/// po2 (measured whole receipts: po2 18 = 308 KiB, 19 = 323 KiB, 20 = 339 KiB = 347 KB, about
/// 15 KiB more per po2), so a po2-21 segment (about 362 KB) would not fit: zkVerify's po2 21 is out
/// of reach and 20 is the real ceiling.
pub const MAX_PROVABLE_PO2: u32 = 20;

/// The po2 of the largest segment of an executed session: every segment but the last is full at
/// the `segment_po2` limit, and a single segment is padded to the power of two above its cycles
/// (`total_cycles` is the padded total).
pub fn largest_segment_po2(segments: usize, segment_po2: u32, total_cycles: u64) -> u32 {
    if segments > 1 {
        segment_po2
    } else {
        total_cycles.max(1).next_power_of_two().trailing_zeros()
    }
}

/// Checks an executed session against zkVerify's limits before any proving: `segments` segments
/// whose largest is 2^`po2` cycles, committing `journal_bytes`. Empty when it fits.
pub fn preflight(segments: usize, po2: u32, journal_bytes: usize) -> Vec<String> {
    let mut problems = Vec::new();
    if segments > MAX_SEGMENTS {
        problems.push(format!(
            "{segments} segments of 2^{po2} cycles, at most {MAX_SEGMENTS} allowed: the test set is too large to prove"
        ));
    }
    if po2 > MAX_PROVABLE_PO2 {
        problems.push(format!(
            "segment po2 {po2}: segments above po2 {MAX_PROVABLE_PO2} exceed zkVerify's {MAX_SEGMENT_BYTES}-byte segment limit"
        ));
    }
    if journal_bytes > MAX_JOURNAL_BYTES {
        problems.push(format!("journal is {journal_bytes} bytes, at most {MAX_JOURNAL_BYTES} allowed"));
    }
    problems
}

/// The limits as reported in JSON (`limits` of a refusal).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_segments: usize,
    pub max_segment_bytes: usize,
    pub max_po2: usize,
    pub max_provable_po2: u32,
    pub max_public_inputs_bytes: usize,
}

pub const LIMITS: Limits = Limits {
    max_segments: MAX_SEGMENTS,
    max_segment_bytes: MAX_SEGMENT_BYTES,
    max_po2: MAX_PO2,
    max_provable_po2: MAX_PROVABLE_PO2,
    max_public_inputs_bytes: MAX_JOURNAL_BYTES,
};

/// Result of checking a receipt against zkVerify's limits.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compatibility {
    pub compatible: bool,
    pub receipt_kind: &'static str,
    pub segments: usize,
    pub max_segment_seal_bytes: usize,
    /// Largest segment as CBOR (the number compared with the 350,000-byte limit).
    pub max_segment_cbor_bytes: usize,
    /// Largest segment po2, when known (proving records it; a receipt file alone does not).
    pub max_po2: Option<usize>,
    /// Why it is not compatible (empty when it is).
    pub problems: Vec<String>,
}

/// Checks `receipt`; `po2s` are the segment sizes when known.
pub fn check(receipt: &Receipt, po2s: Option<&[usize]>) -> Compatibility {
    let mut problems = Vec::new();
    let (kind, seals, cbors): (&'static str, Vec<usize>, Vec<usize>) = match &receipt.inner {
        InnerReceipt::Composite(c) => (
            "composite",
            c.segments.iter().map(|s| s.seal.len() * 4).collect(),
            c.segments.iter().map(cbor_len).collect(),
        ),
        InnerReceipt::Succinct(s) => ("succinct", vec![s.seal.len() * 4], vec![cbor_len(s)]),
        InnerReceipt::Groth16(_) => ("groth16", vec![], vec![]),
        InnerReceipt::Fake(_) => ("fake", vec![], vec![]),
        _ => ("unknown", vec![], vec![]),
    };
    if !matches!(kind, "composite" | "succinct") {
        problems.push(format!("{kind} receipts are not accepted (composite or succinct only)"));
    }
    if seals.len() > MAX_SEGMENTS {
        problems.push(format!("{} segments, at most {MAX_SEGMENTS} allowed", seals.len()));
    }
    let max_seal = seals.iter().copied().max().unwrap_or(0);
    let max_cbor = cbors.iter().copied().max().unwrap_or(0);
    if max_cbor > MAX_SEGMENT_BYTES {
        problems.push(format!(
            "a segment is {max_cbor} bytes as CBOR, at most {MAX_SEGMENT_BYTES} allowed (use a smaller --segment-po2)"
        ));
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
        max_segment_cbor_bytes: max_cbor,
        max_po2,
        problems,
    }
}

fn cbor_len<T: Serialize>(value: &T) -> usize {
    let mut out = Vec::new();
    // Serializing plain data into a Vec cannot fail; count a failure as "too big".
    match ciborium::into_writer(value, &mut out) {
        Ok(()) => out.len(),
        Err(_) => usize::MAX,
    }
}
