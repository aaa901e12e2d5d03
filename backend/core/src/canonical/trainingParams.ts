import { type Hex, sha256 } from 'viem'
import { checkInt, toBytesStrict } from './bytes.ts'
import { CanonicalError } from './errors.ts'

/**
 * The hyperparameters a model was trained with, in the integers that get hashed. The gain threshold
 * is in parts per million so that no float ever reaches a hash: `0.01` is `10_000`.
 */
export type TrainingParams = {
  /** Deepest split level (the root is depth 0). */
  maxDepth: number
  /** Fewest training rows in any leaf. */
  minLeafSize: number
  /** Smallest Gini gain worth a split, in millionths (0..1_000_000). */
  gainThresholdPpm: number
}

/** Version byte that opens the canonical parameter bytes. */
export const TRAINING_PARAMS_VERSION = 1
/** Length of the canonical parameter bytes: u8 version, u16 maxDepth, u32 minLeafSize, u32 ppm. */
export const TRAINING_PARAMS_BYTES = 11
/** One whole (a gain threshold of 1) in parts per million. */
export const PPM = 1_000_000

const rangeError = (m: string): never => {
  throw new CanonicalError('PARAMS_RANGE', m)
}

/**
 * Canonical bytes of training parameters, little-endian: `u8 version = 1, u16 maxDepth,
 * u32 minLeafSize, u32 gainThresholdPpm` (11 bytes). What `paramsHash` hashes.
 *
 * @throws {CanonicalError} PARAMS_RANGE when a field does not fit its width or ppm exceeds 1_000_000
 * @example encodeTrainingParams({ maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }) // 11 bytes
 */
export function encodeTrainingParams(p: TrainingParams): Uint8Array {
  checkInt(p.maxDepth, 0, 0xffff, 'maxDepth', rangeError)
  checkInt(p.minLeafSize, 0, 0xffff_ffff, 'minLeafSize', rangeError)
  checkInt(p.gainThresholdPpm, 0, PPM, 'gainThresholdPpm', rangeError)
  const out = new Uint8Array(TRAINING_PARAMS_BYTES)
  const view = new DataView(out.buffer)
  view.setUint8(0, TRAINING_PARAMS_VERSION)
  view.setUint16(1, p.maxDepth, true)
  view.setUint32(3, p.minLeafSize, true)
  view.setUint32(7, p.gainThresholdPpm, true)
  return out
}

/**
 * Inverse of {@link encodeTrainingParams}; rejects any other length, version or an out-of-range ppm.
 *
 * @throws {CanonicalError} PARAMS_LENGTH | PARAMS_VERSION | PARAMS_RANGE | HEX
 */
export function decodeTrainingParams(input: Uint8Array | Hex): TrainingParams {
  const bytes = toBytesStrict(input, 'training parameters')
  if (bytes.length !== TRAINING_PARAMS_BYTES)
    throw new CanonicalError(
      'PARAMS_LENGTH',
      `training parameters are ${bytes.length} bytes, expected ${TRAINING_PARAMS_BYTES}`,
    )
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(0)
  if (version !== TRAINING_PARAMS_VERSION)
    throw new CanonicalError(
      'PARAMS_VERSION',
      `training parameters version ${version}, expected ${TRAINING_PARAMS_VERSION}`,
    )
  const params = {
    maxDepth: view.getUint16(1, true),
    minLeafSize: view.getUint32(3, true),
    gainThresholdPpm: view.getUint32(7, true),
  }
  checkInt(params.gainThresholdPpm, 0, PPM, 'gainThresholdPpm', rangeError)
  return params
}

/**
 * `paramsHash = sha256(encodeTrainingParams(p))`, the value the escrow binds a job to.
 *
 * @example trainingParamsHash({ maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }) // 0x…
 */
export function trainingParamsHash(p: TrainingParams): Hex {
  return sha256(encodeTrainingParams(p))
}

const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/

/**
 * Exact decimal → parts-per-million conversion of a gain threshold as typed in a query (`"0.01"` →
 * `10_000`), digit by digit so no binary float rounds it. A number input is read through its shortest
 * decimal form (`String(0.01)` is `"0.01"`).
 *
 * @throws {CanonicalError} GAIN_THRESHOLD: not a decimal, more than 6 decimals, or outside [0, 1]
 * @example gainThresholdPpm('0.000001') // 1
 */
export function gainThresholdPpm(value: string | number): number {
  const text = typeof value === 'number' ? String(value) : value.trim()
  const m = DECIMAL.exec(text)
  const [, sign = '', whole = '', fraction = ''] = m ?? []
  if (!m || (whole === '' && fraction === ''))
    throw new CanonicalError('GAIN_THRESHOLD', `gainThreshold "${text}" is not a decimal number`)
  if (fraction.length > 6)
    throw new CanonicalError(
      'GAIN_THRESHOLD',
      `gainThreshold "${text}" has more than 6 decimals (it is kept in millionths)`,
    )
  const ppm = Number(whole || '0') * PPM + Number(fraction.padEnd(6, '0'))
  if ((sign === '-' && ppm !== 0) || ppm > PPM)
    throw new CanonicalError('GAIN_THRESHOLD', `gainThreshold "${text}" is outside [0, 1]`)
  return ppm
}

/**
 * The shortest decimal text of a ppm value (`10_000` → `"0.01"`), exact; the inverse of
 * {@link gainThresholdPpm} for the query string.
 */
export function formatGainThreshold(ppm: number): string {
  checkInt(ppm, 0, PPM, 'gainThresholdPpm', rangeError)
  const whole = Math.floor(ppm / PPM)
  const fraction = String(ppm % PPM)
    .padStart(6, '0')
    .replace(/0+$/, '')
  return fraction === '' ? String(whole) : `${whole}.${fraction}`
}
