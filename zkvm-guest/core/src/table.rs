//! Test-set bytes: `u32 rows, u32 features`, then per row `features x i64` and `u16 label`,
//! all little-endian. Decoding is zero-copy so the guest reads values straight from its input.

use alloc::vec::Vec;

use crate::Error;

/// Size of the `rows, features` header.
pub const TABLE_HEADER_BYTES: usize = 8;

/// A validated view of canonical test-set bytes.
#[derive(Debug, Clone, Copy)]
pub struct TableView<'a> {
    rows: u32,
    features: u32,
    row_bytes: usize,
    body: &'a [u8],
}

impl<'a> TableView<'a> {
    /// Validates the header and the exact length; rows and features must both be >= 1.
    pub fn decode(bytes: &'a [u8]) -> Result<Self, Error> {
        let header: &[u8; TABLE_HEADER_BYTES] =
            bytes.get(..TABLE_HEADER_BYTES).and_then(|h| h.try_into().ok()).ok_or(Error::TableTruncated { len: bytes.len() })?;
        let (rows, features) = decode_table_header(header, bytes.len())?;
        let row_bytes = features as usize * 8 + 2;
        Ok(Self { rows, features, row_bytes, body: &bytes[TABLE_HEADER_BYTES..] })
    }

    /// Number of rows (>= 1).
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Number of feature columns (>= 1).
    pub fn features(&self) -> u32 {
        self.features
    }

    /// Fixed-point value at `row`, `feature`. Panics if out of bounds.
    #[inline]
    pub fn value(&self, row: u32, feature: u32) -> i64 {
        assert!(row < self.rows && feature < self.features, "table index out of bounds");
        let at = row as usize * self.row_bytes + feature as usize * 8;
        i64::from_le_bytes(self.body[at..at + 8].try_into().unwrap())
    }

    /// The raw bytes of `row`: `features` little-endian i64 values, then the u16 label.
    /// Panics if out of bounds. One bounds check per row keeps the guest's inner loop short.
    #[inline]
    pub fn row_bytes(&self, row: u32) -> &'a [u8] {
        let at = row as usize * self.row_bytes;
        &self.body[at..at + self.row_bytes]
    }

    /// Label of `row`. Panics if out of bounds.
    #[inline]
    pub fn label(&self, row: u32) -> u16 {
        assert!(row < self.rows, "table index out of bounds");
        let at = row as usize * self.row_bytes + self.features as usize * 8;
        u16::from_le_bytes(self.body[at..at + 2].try_into().unwrap())
    }
}

/// Checks a test set's header against the length of the whole encoding (`len` bytes, header
/// included) and returns `(rows, features)`: both >= 1, and exactly `8 + rows × (features × 8 + 2)`
/// bytes. For readers that stream the rows instead of holding them (the guest).
pub fn decode_table_header(header: &[u8; TABLE_HEADER_BYTES], len: usize) -> Result<(u32, u32), Error> {
    let rows = u32::from_le_bytes(header[0..4].try_into().unwrap());
    let features = u32::from_le_bytes(header[4..8].try_into().unwrap());
    if rows == 0 || features == 0 {
        return Err(Error::TableEmpty { rows, features });
    }
    // u128: rows * (features * 8 + 2) can reach ~2^67, beyond u64.
    let row_bytes = u128::from(features) * 8 + 2;
    let expected = TABLE_HEADER_BYTES as u128 + u128::from(rows) * row_bytes;
    if expected != len as u128 {
        return Err(Error::TableLength { expected, actual: len });
    }
    Ok((rows, features))
}

/// Encodes a table. `values` is row-major (`rows * features` entries), `labels` has `rows` entries.
/// Panics if the slices do not match the shape; rejects shapes `decode` would reject.
pub fn encode_table(rows: u32, features: u32, values: &[i64], labels: &[u16]) -> Result<Vec<u8>, Error> {
    if rows == 0 || features == 0 {
        return Err(Error::TableEmpty { rows, features });
    }
    assert_eq!(values.len() as u64, u64::from(rows) * u64::from(features), "values length != rows * features");
    assert_eq!(labels.len() as u64, u64::from(rows), "labels length != rows");
    let mut out = Vec::with_capacity(TABLE_HEADER_BYTES + rows as usize * (features as usize * 8 + 2));
    out.extend_from_slice(&rows.to_le_bytes());
    out.extend_from_slice(&features.to_le_bytes());
    for (row, label) in values.chunks(features as usize).zip(labels) {
        for v in row {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&label.to_le_bytes());
    }
    Ok(out)
}
