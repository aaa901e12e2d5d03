//! Runs a model over a test set and decides whether the accuracy threshold is met, in integers.

use crate::{
    decode_table_header, CompiledModel, Error, Journal, Model, RowCounter, TableView, JOURNAL_FORMAT_ACCURACY,
    TABLE_HEADER_BYTES,
};

/// Largest threshold: 100% in basis points.
pub const MAX_THRESHOLD_BPS: u32 = 10_000;

/// Count of correct predictions over all rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evaluation {
    /// Rows whose prediction equals the label.
    pub correct: u32,
    /// All rows.
    pub total: u32,
}

/// Predicts every row and counts matches. Rejects a feature-count mismatch or a label the model
/// cannot predict (both mean the test set was not made for this model).
pub fn evaluate(model: &Model, table: &TableView<'_>) -> Result<Evaluation, Error> {
    if u32::from(model.features) != table.features() {
        return Err(Error::EvalFeatures { model: model.features, table: table.features() });
    }
    let mut correct: u32 = 0;
    let label_at = table.features() as usize * 8;
    for row in 0..table.rows() {
        let bytes = table.row_bytes(row);
        let label = u16::from_le_bytes([bytes[label_at], bytes[label_at + 1]]);
        if label >= model.classes {
            return Err(Error::EvalLabel { row, label });
        }
        if model.predict_row(bytes) == label {
            // Cannot overflow: correct <= row < rows <= u32::MAX.
            correct += 1;
        }
    }
    Ok(Evaluation { correct, total: table.rows() })
}

/// `correct * 10000 >= threshold_bps * total`, in u64 (both products are < 2^46).
pub fn threshold_met(correct: u32, total: u32, threshold_bps: u32) -> Result<bool, Error> {
    if threshold_bps > MAX_THRESHOLD_BPS {
        return Err(Error::ThresholdRange { bps: threshold_bps });
    }
    let lhs = u64::from(correct).checked_mul(u64::from(MAX_THRESHOLD_BPS));
    let rhs = u64::from(threshold_bps).checked_mul(u64::from(total));
    match (lhs, rhs) {
        (Some(l), Some(r)) => Ok(l >= r),
        _ => unreachable!("u32 * 10000 fits in u64"),
    }
}

/// SHA-256 compression over whole 64-byte blocks, supplied by the caller (the guest uses the
/// zkVM's accelerator). Blocks arrive as words in memory order: on the little-endian zkVM, word `i`
/// holds bytes `4i..4i + 4` of the stream, so `u32::to_le_bytes` gives the bytes back anywhere.
pub trait Sha256Blocks {
    /// Compresses `words.len() / 16` consecutive blocks into the running state.
    fn compress(&mut self, words: &[u32]);
    /// The running state as a digest (after the padding block, the SHA-256 of the stream).
    fn digest(&self) -> [u8; 32];
}

/// Bytes of the test set read per batch, at most (rounded down to whole row pairs, at least one
/// pair). Small enough that the buffer stays in a few pages, large enough that the per-batch work
/// (one read, one or two hashing calls) is negligible per row.
const STREAM_BATCH_BYTES: usize = 4096;

/// What streaming the test set yields: its evaluation and its SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamedTestSet {
    /// Correct predictions over all rows.
    pub evaluation: Evaluation,
    /// SHA-256 of the canonical test-set bytes (header included).
    pub hash: [u8; 32],
}

impl StreamedTestSet {
    /// The format-1 journal, as [`crate::accuracy_journal`] builds it from whole inputs.
    pub fn journal(&self, job_id: [u8; 32], model_hash: [u8; 32], threshold_bps: u32) -> Result<Journal, Error> {
        let Evaluation { correct, total } = self.evaluation;
        Ok(Journal {
            format: JOURNAL_FORMAT_ACCURACY,
            job_id,
            model_hash,
            test_set_hash: self.hash,
            correct,
            total,
            threshold_bps,
            met: threshold_met(correct, total, threshold_bps)?,
        })
    }
}

/// Feeds words to a [`Sha256Blocks`] in whole blocks, carrying the remainder between batches, and
/// pads the end as SHA-256 does. Shared with the streamed inputs of mode 3.
pub(crate) struct BlockFeeder<H> {
    sha: H,
    carry: [u32; 16],
    carried: usize,
    /// Bytes fed so far.
    len: u64,
}

impl<H: Sha256Blocks> BlockFeeder<H> {
    /// A feeder over `sha`, which starts at SHA-256's initial state.
    pub(crate) fn new(sha: H) -> Self {
        Self { sha, carry: [0; 16], carried: 0, len: 0 }
    }

    pub(crate) fn feed(&mut self, mut words: &[u32]) {
        self.len += words.len() as u64 * 4;
        if self.carried > 0 {
            let take = (16 - self.carried).min(words.len());
            self.carry[self.carried..self.carried + take].copy_from_slice(&words[..take]);
            self.carried += take;
            words = &words[take..];
            if self.carried < 16 {
                return;
            }
            self.sha.compress(&self.carry);
            self.carried = 0;
        }
        let whole = words.len() / 16 * 16;
        if whole > 0 {
            self.sha.compress(&words[..whole]);
        }
        let rest = &words[whole..];
        self.carry[..rest.len()].copy_from_slice(rest);
        self.carried = rest.len();
    }

    /// Hashes the carried words plus `tail` (fewer than 4 bytes), then the padding.
    pub(crate) fn finish(mut self, tail: &[u8]) -> [u8; 32] {
        let mut bytes = [0u8; 128];
        let mut n = 0;
        for word in &self.carry[..self.carried] {
            bytes[n..n + 4].copy_from_slice(&word.to_le_bytes());
            n += 4;
        }
        bytes[n..n + tail.len()].copy_from_slice(tail);
        n += tail.len();
        let bits = (self.len + tail.len() as u64) * 8;
        bytes[n] = 0x80;
        let end = if n + 1 + 8 <= 64 { 64 } else { 128 };
        bytes[end - 8..end].copy_from_slice(&bits.to_be_bytes());
        let mut words = [0u32; 32];
        for (w, b) in words.iter_mut().zip(bytes[..end].chunks_exact(4)) {
            *w = u32::from_le_bytes(b.try_into().unwrap());
        }
        self.sha.compress(&words[..end / 4]);
        self.sha.digest()
    }
}

/// Evaluates a canonical test set of `len` bytes that is read in batches through one fixed buffer
/// and hashed on the way, so the guest never holds the whole set. `read(words, bytes)` fills the
/// first `bytes` bytes of `words` with the next bytes of the test set (little-endian; a final partial
/// word only when the set ends there, its other bytes left zero). `sha` starts at SHA-256's initial
/// state. Rejects what [`crate::TableView::decode`] and [`evaluate`] reject, with the same errors.
pub fn evaluate_streamed(
    model: &CompiledModel,
    len: usize,
    mut read: impl FnMut(&mut [u32], usize),
    sha: impl Sha256Blocks,
) -> Result<StreamedTestSet, Error> {
    if len < TABLE_HEADER_BYTES {
        return Err(Error::TableTruncated { len });
    }
    let mut header = [0u32; 2];
    read(&mut header, TABLE_HEADER_BYTES);
    let mut header_bytes = [0u8; TABLE_HEADER_BYTES];
    header_bytes[..4].copy_from_slice(&header[0].to_le_bytes());
    header_bytes[4..].copy_from_slice(&header[1].to_le_bytes());
    let (rows, features) = decode_table_header(&header_bytes, len)?;
    let mut counter = RowCounter::new(model, features)?;
    let mut feeder = BlockFeeder::new(sha);
    feeder.feed(&header);

    // A batch is whole row pairs, so each batch starts at an even row, word aligned.
    let row_bytes = features as usize * 8 + 2;
    let batch_pairs = (STREAM_BATCH_BYTES / (2 * row_bytes)).max(1).min((rows as usize).div_ceil(2));
    let mut buffer = alloc::vec![0u32; batch_pairs * counter.pair_words()];
    let mut left = rows;
    let mut tail = [0u8; 2];
    while left > 0 {
        let batch = left.min(batch_pairs as u32 * 2);
        let bytes = batch as usize * row_bytes;
        let words = bytes.div_ceil(4);
        if bytes % 4 != 0 {
            // Only the last batch, with an odd row count, ends in half a word.
            buffer[words - 1] = 0;
        }
        read(&mut buffer[..words], bytes);
        feeder.feed(&buffer[..bytes / 4]);
        if bytes % 4 != 0 {
            tail.copy_from_slice(&buffer[words - 1].to_le_bytes()[..2]);
        }
        counter.count(&buffer[..words], batch)?;
        left -= batch;
    }
    let tail_len = (rows as usize * row_bytes) % 4;
    Ok(StreamedTestSet { evaluation: counter.evaluation(), hash: feeder.finish(&tail[..tail_len]) })
}
