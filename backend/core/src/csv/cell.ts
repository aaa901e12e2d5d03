import { FixedPointError } from '../canonical/errors.ts'
import { parseFixed } from '../canonical/fixedPoint.ts'
import { CsvError, type CsvErrorCode } from './errors.ts'

/**
 * Largest |fixed-point| value accepted. Training runs on these integers as JS numbers and ml-cart splits
 * at the mean of two neighbours, `(a + b) / 2`; below 2^52 that sum is still an exact double, so every
 * threshold is exact. (The canonical i64 range is wider; this bound is the trainer's.)
 */
export const MAX_FIXED_MAGNITUDE = 2n ** 52n - 1n

const CODES: Record<string, CsvErrorCode> = {
  FIXED_EMPTY: 'empty_value',
  FIXED_NOT_FINITE: 'non_finite',
  FIXED_SYNTAX: 'non_numeric',
  FIXED_RANGE: 'out_of_range',
}

/**
 * Converts one feature cell to its canonical fixed-point integer (`round(v × 10^6)`, parsed from the
 * text, rounding half away from zero), or throws a {@link CsvError} naming the row and column.
 * Surrounding spaces are allowed.
 *
 * @example
 * parseFeatureCell('5.1', { row: 2, column: 'sepal_length' }) // 5100000n
 */
export function parseFeatureCell(text: string, where: { row: number; column: string }): bigint {
  const cell = text.trim()
  const at = `row ${where.row}, column "${where.column}"`
  if (cell === '')
    throw new CsvError('empty_value', `${at}: empty value (every feature cell needs a number)`, where)
  let value: bigint
  try {
    value = parseFixed(cell)
  } catch (error) {
    if (!(error instanceof FixedPointError)) throw error
    const code = CODES[error.code] ?? 'non_numeric'
    const why =
      code === 'non_finite'
        ? `"${truncate(cell)}" is not a finite number`
        : code === 'out_of_range'
          ? `${truncate(cell)} is out of range`
          : `"${truncate(cell)}" is not a number (write plain decimals like -12.5 or 1e-3)`
    throw new CsvError(code, `${at}: ${why}`, where)
  }
  if (value > MAX_FIXED_MAGNITUDE || value < -MAX_FIXED_MAGNITUDE) {
    throw new CsvError(
      'out_of_range',
      `${at}: ${truncate(cell)} is too large; |value| must stay below 2^52 / 10^6 (about 4.5e9) so training in JS numbers stays exact`,
      where,
    )
  }
  return value
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
