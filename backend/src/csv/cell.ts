import { parseFixed } from '../canonical/index.ts'
import { CsvError } from './errors.ts'

/**
 * Largest |fixed-point| value accepted. Training runs on these integers as JS numbers and ml-cart splits
 * at the mean of two neighbours, `(a + b) / 2`; below 2^52 that sum is still an exact double, so every
 * threshold is exact. (The canonical i64 range is wider; this bound is the trainer's.)
 */
export const MAX_FIXED_MAGNITUDE = 2n ** 52n - 1n

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i

/**
 * Converts one feature cell to its canonical fixed-point integer (`round(v × 10^6)`), or throws a
 * {@link CsvError} naming the row and column.
 *
 * @example
 * parseFeatureCell('5.1', { row: 2, column: 'sepal_length' }) // 5100000n
 */
export function parseFeatureCell(text: string, where: { row: number; column: string }): bigint {
  const cell = text.trim()
  const at = `row ${where.row}, column "${where.column}"`
  if (cell === '') throw new CsvError('empty_value', `${at}: empty value (every feature cell needs a number)`, where)
  if (NON_FINITE.test(cell)) throw new CsvError('non_finite', `${at}: "${cell}" is not a finite number`, where)
  if (!DECIMAL.test(cell)) {
    throw new CsvError('non_numeric', `${at}: "${truncate(cell)}" is not a plain decimal number (like -12.5)`, where)
  }
  let value: bigint
  try {
    value = parseFixed(cell)
  } catch (error) {
    throw new CsvError('out_of_range', `${at}: ${(error as Error).message}`, where)
  }
  if (value > MAX_FIXED_MAGNITUDE || value < -MAX_FIXED_MAGNITUDE) {
    throw new CsvError(
      'out_of_range',
      `${at}: ${truncate(cell)} is too large; |value| must stay below 2^52 / 10^6 (about 4.5e9) so training stays exact`,
      where,
    )
  }
  return value
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
