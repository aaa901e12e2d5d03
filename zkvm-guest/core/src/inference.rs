//! Format 3's inputs and outputs: the canonical inputs (a table without labels), the canonical
//! predictions (u16 LE class indices), and predicting every input row while hashing the inputs on
//! the way, as mode 1 does for a test set. TypeScript twin: `backend/core/src/canonical/inference.ts`.
//!
//! Inputs bytes: `u32 rows, u32 features`, then per row `features x i64`, all little-endian. A row
//! is `features x 8` bytes, a whole number of words, so every row is word aligned and the guest
//! predicts each one with [`CompiledModel::predict_even`] (no odd-row walk is needed).

use alloc::vec::Vec;

use crate::evaluate::BlockFeeder;
use crate::{CompiledModel, Error, InferenceJournal, Model, Sha256Blocks, JOURNAL_FORMAT_INFERENCE, TABLE_HEADER_BYTES};

/// Bytes of one canonical prediction (a u16 little-endian class index).
pub const PREDICTION_BYTES: usize = 2;

/// Bytes of inputs read per batch, at most (rounded down to whole rows, at least one row): as for
/// the streamed test set, a few pages of buffer and a negligible per-batch cost per row.
const STREAM_BATCH_BYTES: usize = 4096;

/// Checks an inputs header against the length of the whole encoding (`len` bytes, header included)
/// and returns `(rows, features)`: both >= 1, and exactly `8 + rows × features × 8` bytes. The
/// errors are the table's (same header, same rules).
pub fn decode_inputs_header(header: &[u8; TABLE_HEADER_BYTES], len: usize) -> Result<(u32, u32), Error> {
    let rows = u32::from_le_bytes(header[0..4].try_into().unwrap());
    let features = u32::from_le_bytes(header[4..8].try_into().unwrap());
    if rows == 0 || features == 0 {
        return Err(Error::TableEmpty { rows, features });
    }
    // u128: rows * features * 8 can reach ~2^67.
    let expected = TABLE_HEADER_BYTES as u128 + u128::from(rows) * u128::from(features) * 8;
    if expected != len as u128 {
        return Err(Error::TableLength { expected, actual: len });
    }
    Ok((rows, features))
}

/// A validated view of canonical inputs bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputsView<'a> {
    rows: u32,
    features: u32,
    body: &'a [u8],
}

impl<'a> InputsView<'a> {
    /// Validates the header and the exact length; rows and features must both be >= 1.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let header: &[u8; TABLE_HEADER_BYTES] =
            bytes.get(..TABLE_HEADER_BYTES).and_then(|h| h.try_into().ok()).ok_or(Error::TableTruncated { len: bytes.len() })?;
        let (rows, features) = decode_inputs_header(header, bytes.len())?;
        Ok(Self { rows, features, body: &bytes[TABLE_HEADER_BYTES..] })
    }

    /// Number of rows (>= 1).
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Number of feature columns (>= 1).
    pub fn features(&self) -> u32 {
        self.features
    }

    /// The raw bytes of `row`: `features` little-endian i64 values. Panics if out of bounds.
    pub fn row_bytes(&self, row: u32) -> &'a [u8] {
        let width = self.features as usize * 8;
        &self.body[row as usize * width..][..width]
    }
}

/// Encodes inputs. `values` is row-major (`rows * features` entries); panics if it does not match
/// the shape; rejects shapes `decode` would reject.
pub fn encode_inputs(rows: u32, features: u32, values: &[i64]) -> Result<Vec<u8>, Error> {
    if rows == 0 || features == 0 {
        return Err(Error::TableEmpty { rows, features });
    }
    assert_eq!(values.len() as u64, u64::from(rows) * u64::from(features), "values length != rows * features");
    let mut out = Vec::with_capacity(TABLE_HEADER_BYTES + values.len() * 8);
    out.extend_from_slice(&rows.to_le_bytes());
    out.extend_from_slice(&features.to_le_bytes());
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    Ok(out)
}

/// Canonical predictions: each class index as u16 LE, concatenated, no header.
pub fn encode_predictions(predictions: &[u16]) -> Vec<u8> {
    predictions.iter().flat_map(|p| p.to_le_bytes()).collect()
}

/// Decodes canonical predictions: a non-zero even number of bytes.
pub fn decode_predictions(bytes: &[u8]) -> Result<Vec<u16>, Error> {
    if bytes.is_empty() || bytes.len() % PREDICTION_BYTES != 0 {
        return Err(Error::PredictionsLength { len: bytes.len() });
    }
    Ok(bytes.chunks_exact(PREDICTION_BYTES).map(|p| u16::from_le_bytes([p[0], p[1]])).collect())
}

/// The reference prediction of every input row, with [`Model::predict_row`] (the walk mode 1's
/// reference uses too). Rejects a feature-count mismatch.
pub fn predict_inputs(model: &Model, inputs: &InputsView<'_>) -> Result<Vec<u16>, Error> {
    if u32::from(model.features) != inputs.features() {
        return Err(Error::EvalFeatures { model: model.features, table: inputs.features() });
    }
    Ok((0..inputs.rows()).map(|row| model.predict_row(inputs.row_bytes(row))).collect())
}

/// What streaming the inputs yields: the canonical predictions bytes and the inputs' SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamedInputs {
    /// Canonical predictions bytes, one u16 LE per row.
    pub predictions: Vec<u8>,
    /// SHA-256 of the canonical inputs bytes (header included).
    pub hash: [u8; 32],
}

impl StreamedInputs {
    /// The format-3 journal, as [`inference_journal`] builds it from whole inputs.
    pub fn journal(&self, request_id: [u8; 32], model_hash: [u8; 32], sha256: impl Fn(&[u8]) -> [u8; 32]) -> InferenceJournal {
        InferenceJournal {
            format: JOURNAL_FORMAT_INFERENCE,
            request_id,
            model_hash,
            inputs_hash: self.hash,
            // Fits: rows is a u32 and there is one prediction per row.
            count: (self.predictions.len() / PREDICTION_BYTES) as u32,
            predictions_hash: sha256(&self.predictions),
        }
    }
}

/// Predicts every row of canonical inputs of `len` bytes that are read in batches through one fixed
/// buffer and hashed on the way, so the guest never holds the whole input. `read` and `sha` are as
/// for [`crate::evaluate_streamed`]. Rejects what [`InputsView::decode`] and [`predict_inputs`]
/// reject, with the same errors.
pub fn predict_streamed(
    model: &CompiledModel,
    len: usize,
    mut read: impl FnMut(&mut [u32], usize),
    sha: impl Sha256Blocks,
) -> Result<StreamedInputs, Error> {
    if len < TABLE_HEADER_BYTES {
        return Err(Error::TableTruncated { len });
    }
    let mut header = [0u32; 2];
    read(&mut header, TABLE_HEADER_BYTES);
    let mut header_bytes = [0u8; TABLE_HEADER_BYTES];
    header_bytes[..4].copy_from_slice(&header[0].to_le_bytes());
    header_bytes[4..].copy_from_slice(&header[1].to_le_bytes());
    let (rows, features) = decode_inputs_header(&header_bytes, len)?;
    if u32::from(model.features()) != features {
        return Err(Error::EvalFeatures { model: model.features(), table: features });
    }
    let mut feeder = BlockFeeder::new(sha);
    feeder.feed(&header);

    let row_words = features as usize * 2;
    let batch_rows = (STREAM_BATCH_BYTES / (row_words * 4)).max(1).min(rows as usize);
    let mut buffer = alloc::vec![0u32; batch_rows * row_words];
    let mut predictions = Vec::with_capacity(rows as usize * PREDICTION_BYTES);
    let mut left = rows as usize;
    while left > 0 {
        let batch = left.min(batch_rows);
        let words = &mut buffer[..batch * row_words];
        read(words, batch * row_words * 4);
        feeder.feed(words);
        for row in words.chunks_exact(row_words) {
            predictions.extend_from_slice(&model.predict_even(row).to_le_bytes());
        }
        left -= batch;
    }
    Ok(StreamedInputs { predictions, hash: feeder.finish(&[]) })
}

/// Everything the guest proves in mode 3, as one pure function over whole inputs: hash the model
/// and the inputs, predict every row, and build the format-3 journal. Returns the journal and the
/// canonical predictions bytes (which the journal commits by hash). The host and the tests use it;
/// the guest streams the same computation through [`predict_streamed`].
pub fn inference_journal(
    model_bytes: &[u8],
    inputs_bytes: &[u8],
    request_id: [u8; 32],
    sha256: impl Fn(&[u8]) -> [u8; 32],
) -> Result<(InferenceJournal, Vec<u8>), Error> {
    let model = Model::decode(model_bytes)?;
    let inputs = InputsView::decode(inputs_bytes)?;
    let predictions = encode_predictions(&predict_inputs(&model, &inputs)?);
    let streamed = StreamedInputs { hash: sha256(inputs_bytes), predictions };
    let journal = streamed.journal(request_id, sha256(model_bytes), &sha256);
    Ok((journal, streamed.predictions))
}
