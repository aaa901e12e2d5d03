import { type Hex, sha256 } from 'viem'
import { checkInt, toBytesStrict } from './bytes.ts'
import { CanonicalError } from './errors.ts'

/** A test set or dataset in canonical form. `values` is row-major: `values[row * features + f]`. */
export type Table = {
  rows: number
  features: number
  /** Fixed-point feature values (`round(v × 10^6)`), `rows × features` entries. */
  values: BigInt64Array
  /** Class index per row (`rows` entries). */
  labels: Uint16Array
}

const HEADER = 8
const U32_MAX = 0xffff_ffff

const shapeError = (m: string): never => {
  throw new CanonicalError('TABLE_SHAPE', m)
}

/**
 * Canonical bytes: `u32 rows, u32 features`, then per row `features × i64` and a `u16 label`, all
 * little-endian. Rows and features must be >= 1.
 *
 * @throws {CanonicalError} TABLE_EMPTY | TABLE_SHAPE
 * @example
 * encodeTable({ rows: 1, features: 1, values: BigInt64Array.of(5n), labels: Uint16Array.of(0) })
 */
export function encodeTable(t: Table): Uint8Array {
  if (t.rows === 0 || t.features === 0) {
    throw new CanonicalError(
      'TABLE_EMPTY',
      `table has ${t.rows} rows and ${t.features} features; both must be >= 1`,
    )
  }
  checkInt(t.rows, 1, U32_MAX, 'rows', shapeError)
  checkInt(t.features, 1, U32_MAX, 'features', shapeError)
  if (t.values.length !== t.rows * t.features)
    shapeError(`values has ${t.values.length} entries, expected rows × features = ${t.rows * t.features}`)
  if (t.labels.length !== t.rows) shapeError(`labels has ${t.labels.length} entries, expected ${t.rows}`)
  const rowBytes = t.features * 8 + 2
  const out = new Uint8Array(HEADER + t.rows * rowBytes)
  const view = new DataView(out.buffer)
  view.setUint32(0, t.rows, true)
  view.setUint32(4, t.features, true)
  let at = HEADER
  for (let r = 0; r < t.rows; r++) {
    for (let f = 0; f < t.features; f++, at += 8)
      view.setBigInt64(at, t.values[r * t.features + f] as bigint, true)
    view.setUint16(at, t.labels[r] as number, true)
    at += 2
  }
  return out
}

/**
 * Decodes canonical test-set bytes, requiring the exact length `8 + rows × (features × 8 + 2)`.
 *
 * @throws {CanonicalError} TABLE_TRUNCATED | TABLE_EMPTY | TABLE_LENGTH | HEX
 * @example
 * decodeTable(encodeTable(t)) // deep-equals t
 */
export function decodeTable(input: Uint8Array | Hex): Table {
  const bytes = toBytesStrict(input, 'test set')
  if (bytes.length < HEADER) {
    throw new CanonicalError(
      'TABLE_TRUNCATED',
      `test set is ${bytes.length} bytes, shorter than its 8-byte header`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const rows = view.getUint32(0, true)
  const features = view.getUint32(4, true)
  if (rows === 0 || features === 0) {
    throw new CanonicalError(
      'TABLE_EMPTY',
      `test set has ${rows} rows and ${features} features; both must be >= 1`,
    )
  }
  // Exact in double: rows, features < 2^32, so the product stays far below 2^53 for real sizes,
  // and any absurd header is rejected by the comparison anyway (bigint keeps it exact).
  const expected = BigInt(HEADER) + BigInt(rows) * (BigInt(features) * 8n + 2n)
  if (expected !== BigInt(bytes.length)) {
    throw new CanonicalError('TABLE_LENGTH', `test set is ${bytes.length} bytes, header implies ${expected}`)
  }
  const values = new BigInt64Array(rows * features)
  const labels = new Uint16Array(rows)
  let at = HEADER
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++, at += 8) values[r * features + f] = view.getBigInt64(at, true)
    labels[r] = view.getUint16(at, true)
    at += 2
  }
  return { rows, features, values, labels }
}

/**
 * `testSetHash`: SHA-256 of the canonical bytes, as committed on-chain and in the journal.
 *
 * @example
 * tableHash(encodeTable(t)) // '0x…' (32 bytes)
 */
export function tableHash(bytes: Uint8Array): Hex {
  return sha256(bytes)
}
