//! `verify`: check a CBOR receipt against an image id and, optionally, an expected journal.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use risc0_zkvm::{Digest, InnerReceipt, Receipt, VerifierContext};
use serde::Serialize;

use crate::guest::hex0x;
use crate::report::{self, DecodedJournal};
use crate::zkverify::{self, Compatibility};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VerifyReport {
    ok: bool,
    image_id: String,
    journal: String,
    decoded: DecodedJournal,
    receipt_kind: &'static str,
    verify_ms: u128,
    zk_verify_compatible: bool,
    zk_verify: Compatibility,
}

pub fn run(receipt_path: &Path, image_id: &[u8; 32], expected_journal: Option<&[u8]>) -> Result<()> {
    let bytes = fs::read(receipt_path).with_context(|| format!("cannot read receipt {}", receipt_path.display()))?;
    let receipt: Receipt = ciborium::from_reader(bytes.as_slice())
        .map_err(|e| anyhow!("{e}"))
        .context("the receipt is not a CBOR-encoded risc0 Receipt")?;
    let ctx = VerifierContext::default();
    if matches!(receipt.inner, InnerReceipt::Fake(_)) && !ctx.dev_mode() {
        bail!("this is a dev-mode (fake) receipt; it proves nothing and is rejected unless RISC0_DEV_MODE is set");
    }
    let image = Digest::try_from(image_id.as_slice()).map_err(|_| anyhow!("image id must be 32 bytes"))?;
    let start = Instant::now();
    receipt
        .verify_with_context(&ctx, image)
        .map_err(|e| anyhow!("{e}"))
        .with_context(|| format!("the receipt does not verify against image id {}", hex0x(image_id)))?;
    let verify_ms = start.elapsed().as_millis();
    let journal = &receipt.journal.bytes;
    if let Some(expected) = expected_journal {
        if expected != journal.as_slice() {
            bail!("the receipt is valid but its journal {} differs from the expected journal {}", hex0x(journal), hex0x(expected));
        }
    }
    let compat = zkverify::check(&receipt, None);
    report::print(&VerifyReport {
        ok: true,
        image_id: hex0x(image_id),
        journal: hex0x(journal),
        decoded: report::decode_journal(journal)?,
        receipt_kind: compat.receipt_kind,
        verify_ms,
        zk_verify_compatible: compat.compatible,
        zk_verify: compat,
    })
}
