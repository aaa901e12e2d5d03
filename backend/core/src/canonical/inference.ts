import { type Hex, sha256 } from 'viem'
import { toBytesStrict } from './bytes.ts'
import { CanonicalError } from './errors.ts'
import { predict } from './evaluate.ts'
import type { Model } from './model.ts'
import { decodeTable, encodeTable, type Table } from './table.ts'

/**
 * The rows a consumer asks predictions for (format 3, "inference proof"): a {@link Table} without
 * labels. `values` is row-major, `values[row * features + f]`, fixed point as in a dataset.
 */
export type Inputs = Pick<Table, 'rows' | 'features' | 'values'>

/** Bytes of one canonical prediction: a u16 little-endian class index. */
export const PREDICTION_BYTES = 2

const HEADER = 8

/**
 * Canonical inputs bytes: `u32 rows, u32 features` (LE), then per row `features × i64` (LE). The
 * table encoding minus the labels, so it is built by {@link encodeTable} and the label bytes dropped
 * (one place for the value layout). A {@link Table}'s labels are ignored.
 *
 * @throws {CanonicalError} TABLE_EMPTY | TABLE_SHAPE
 * @example
 * encodeInputs({ rows: 1, features: 2, values: BigInt64Array.of(1n, 2n) }) // 8 + 16 bytes
 */
export function encodeInputs(inputs: Inputs): Uint8Array {
  const table = encodeTable({ ...inputs, labels: new Uint16Array(inputs.rows) })
  const rowBytes = inputs.features * 8
  const out = new Uint8Array(HEADER + inputs.rows * rowBytes)
  out.set(table.subarray(0, HEADER))
  for (let r = 0; r < inputs.rows; r++) {
    const from = HEADER + r * (rowBytes + 2)
    out.set(table.subarray(from, from + rowBytes), HEADER + r * rowBytes)
  }
  return out
}

/**
 * Decodes canonical inputs bytes, requiring the exact length `8 + rows × features × 8`. Errors use
 * the table's codes (the same header rules), twin of `InputsView::decode` in Rust.
 *
 * @throws {CanonicalError} HEX | TABLE_TRUNCATED | TABLE_EMPTY | TABLE_LENGTH
 * @example
 * decodeInputs(encodeInputs(i)) // deep-equals i
 */
export function decodeInputs(input: Uint8Array | Hex): Inputs {
  const bytes = toBytesStrict(input, 'inputs')
  if (bytes.length < HEADER)
    throw new CanonicalError(
      'TABLE_TRUNCATED',
      `inputs are ${bytes.length} bytes, shorter than the 8-byte header`,
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const rows = view.getUint32(0, true)
  const features = view.getUint32(4, true)
  if (rows === 0 || features === 0)
    throw new CanonicalError(
      'TABLE_EMPTY',
      `inputs have ${rows} rows and ${features} features; both must be >= 1`,
    )
  const expected = BigInt(HEADER) + BigInt(rows) * BigInt(features) * 8n
  if (expected !== BigInt(bytes.length))
    throw new CanonicalError('TABLE_LENGTH', `inputs are ${bytes.length} bytes, header implies ${expected}`)
  // Re-framed as a table with zero labels, so the value decoding is decodeTable's.
  const rowBytes = features * 8
  const table = new Uint8Array(HEADER + rows * (rowBytes + 2))
  table.set(bytes.subarray(0, HEADER))
  for (let r = 0; r < rows; r++)
    table.set(bytes.subarray(HEADER + r * rowBytes, HEADER + (r + 1) * rowBytes), HEADER + r * (rowBytes + 2))
  const { values } = decodeTable(table)
  return { rows, features, values }
}

/**
 * `inputsHash`: SHA-256 of the canonical inputs bytes, as the guest commits it in the journal.
 *
 * @example
 * inputsHash(encodeInputs(i)) // '0x…' (32 bytes)
 */
export function inputsHash(bytes: Uint8Array): Hex {
  return sha256(bytes)
}

/**
 * The model's class for every input row, exactly as the guest predicts them.
 *
 * @throws {CanonicalError} EVAL_FEATURES when the column counts differ
 * @example
 * predictInputs(model, inputs) // Uint16Array [2, 0, 1]
 */
export function predictInputs(m: Model, inputs: Inputs): Uint16Array {
  if (m.features !== inputs.features)
    throw new CanonicalError(
      'EVAL_FEATURES',
      `model has ${m.features} features but the inputs have ${inputs.features}`,
    )
  const out = new Uint16Array(inputs.rows)
  for (let row = 0; row < inputs.rows; row++) out[row] = predict(m, inputs.values, row)
  return out
}

/**
 * Canonical predictions bytes: each class index as u16 LE, concatenated, no header (2 × count bytes).
 *
 * @throws {CanonicalError} PREDICTIONS_LENGTH when empty | PREDICTION_CLASS when a value is not a u16
 * @example
 * encodePredictions([2, 0]) // Uint8Array [2, 0, 0, 0]
 */
export function encodePredictions(predictions: ArrayLike<number>): Uint8Array {
  if (predictions.length === 0)
    throw new CanonicalError('PREDICTIONS_LENGTH', 'no predictions; count must be >= 1')
  const out = new Uint8Array(predictions.length * PREDICTION_BYTES)
  const view = new DataView(out.buffer)
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i] as number
    if (!Number.isInteger(p) || p < 0 || p > 0xffff)
      throw new CanonicalError('PREDICTION_CLASS', `prediction ${i} is ${p}, not a u16 class index`)
    view.setUint16(i * PREDICTION_BYTES, p, true)
  }
  return out
}

/**
 * Decodes canonical predictions bytes: a non-zero even length.
 *
 * @throws {CanonicalError} HEX | PREDICTIONS_LENGTH
 * @example
 * decodePredictions('0x02000000') // Uint16Array [2, 0]
 */
export function decodePredictions(input: Uint8Array | Hex): Uint16Array {
  const bytes = toBytesStrict(input, 'predictions')
  if (bytes.length === 0 || bytes.length % PREDICTION_BYTES !== 0)
    throw new CanonicalError(
      'PREDICTIONS_LENGTH',
      `predictions are ${bytes.length} bytes; expected 2 × count with count >= 1`,
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Uint16Array(bytes.length / PREDICTION_BYTES)
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * PREDICTION_BYTES, true)
  return out
}

/**
 * `predictionsHash`: SHA-256 of the canonical predictions bytes, as the guest commits it and
 * InferenceFeed checks the delivered predictions against it.
 *
 * @example
 * predictionsHash(encodePredictions([2, 0])) // '0x…'
 */
export function predictionsHash(bytes: Uint8Array): Hex {
  return sha256(bytes)
}
