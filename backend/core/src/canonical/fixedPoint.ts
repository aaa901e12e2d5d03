import { FixedPointError } from './errors.ts'

/** Values are stored as `round(v × SCALE)`. */
export const SCALE = 1_000_000n
const SCALE_DIGITS = 6
const I64_MAX = 2n ** 63n - 1n
const I64_MIN_MAGNITUDE = 2n ** 63n

// [+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?   -- ASCII only, no whitespace.
const DECIMAL = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/
const NOT_FINITE = /^[+-]?(?:nan|inf|infinity)$/i
// More than 20 significant integer digits cannot fit in i64 (19 digits).
const MAX_DIGITS = 20

/**
 * Parses decimal text into 6-decimal fixed point, exactly (no float round trip), rounding half
 * away from zero. Accepts "3", "-1.5", ".5", "5.", "+2", "1e-3", "2.5E+2"; rejects surrounding
 * whitespace, empty text, NaN/Inf and anything outside i64 after scaling.
 *
 * @throws {FixedPointError} code FIXED_EMPTY | FIXED_SYNTAX | FIXED_NOT_FINITE | FIXED_RANGE
 * @example
 * parseFixed('-1.5') // -1500000n
 * parseFixed('0.0000005') // 1n (half away from zero)
 */
export function parseFixed(text: string): bigint {
  if (text === '') throw new FixedPointError('FIXED_EMPTY', 'empty number')
  if (NOT_FINITE.test(text)) throw new FixedPointError('FIXED_NOT_FINITE', `"${clip(text)}" is not finite`)
  const m = DECIMAL.exec(text)
  if (!m) throw new FixedPointError('FIXED_SYNTAX', `"${clip(text)}" is not a decimal number`)
  const [, sign, intPart, fracAfterInt, fracOnly, expText] = m
  const int = intPart ?? ''
  const frac = fracAfterInt ?? fracOnly ?? ''
  // Saturate: an exponent this large makes the value 0 or out of range either way.
  const exponent = clamp(Number.parseInt(expText ?? '0', 10), 1e12)
  const shift = SCALE_DIGITS + exponent - frac.length
  const digits = (int + frac).replace(/^0+/, '')
  const magnitude = scaledMagnitude(digits, shift)
  const negative = sign === '-'
  if (magnitude === null || magnitude > (negative ? I64_MIN_MAGNITUDE : I64_MAX)) {
    throw new FixedPointError(
      'FIXED_RANGE',
      `"${clip(text)}" is out of range for 6-decimal fixed point (i64)`,
    )
  }
  return negative ? -magnitude : magnitude
}

/**
 * Formats fixed point as the shortest decimal text that {@link parseFixed} maps back to it.
 *
 * @example
 * formatFixed(-1500000n) // '-1.5'
 */
export function formatFixed(value: bigint): string {
  const magnitude = value < 0n ? -value : value
  const int = (magnitude / SCALE).toString()
  const frac = (magnitude % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '')
  return `${value < 0n ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`
}

/** round_half_away(digits × 10^shift) as a magnitude, or null when it has too many digits. */
function scaledMagnitude(digits: string, shift: number): bigint | null {
  if (digits === '') return 0n
  if (shift >= 0) {
    return digits.length + shift > MAX_DIGITS ? null : BigInt(digits) * 10n ** BigInt(shift)
  }
  const dropped = -shift
  // digits < 10^len <= 10^(dropped-1): below 0.1 units, rounds to 0.
  if (dropped > digits.length) return 0n
  const keep = digits.length - dropped
  if (keep > MAX_DIGITS) return null
  const kept = keep === 0 ? 0n : BigInt(digits.slice(0, keep))
  return kept + (digits.charCodeAt(keep) >= 0x35 /* '5' */ ? 1n : 0n)
}

function clamp(n: number, limit: number): number {
  return Number.isFinite(n) ? Math.max(-limit, Math.min(limit, n)) : n > 0 ? limit : -limit
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
