import { CanonicalError } from './errors.ts'
import type { Model } from './model.ts'
import type { Table } from './table.ts'

/** 100% in basis points. */
export const MAX_THRESHOLD_BPS = 10_000

/**
 * Class predicted for `row`, reading `values` row-major with `m.features` columns. A row goes left
 * iff `value <= threshold`.
 *
 * @example
 * predict(model, table.values, 0) // 2
 */
export function predict(m: Model, values: BigInt64Array, row: number): number {
  let node = m.root
  const base = row * m.features
  while (node.kind === 'split') {
    node = (values[base + node.feature] as bigint) <= node.threshold ? node.left : node.right
  }
  return node.label
}

/**
 * Counts correct predictions over every row, exactly as the guest does.
 *
 * @throws {CanonicalError} EVAL_FEATURES (column counts differ) | EVAL_LABEL (a label >= classes)
 * @example
 * evaluate(model, table) // { correct: 28, total: 30 }
 */
export function evaluate(m: Model, t: Table): { correct: number; total: number } {
  if (m.features !== t.features) {
    throw new CanonicalError(
      'EVAL_FEATURES',
      `model has ${m.features} features but the test set has ${t.features}`,
    )
  }
  let correct = 0
  for (let row = 0; row < t.rows; row++) {
    const label = t.labels[row] as number
    if (label >= m.classes)
      throw new CanonicalError(
        'EVAL_LABEL',
        `row ${row} has label ${label}, beyond the model's ${m.classes} classes`,
      )
    if (predict(m, t.values, row) === label) correct++
  }
  return { correct, total: t.rows }
}

/**
 * `correct × 10000 >= thresholdBps × total`, in exact integers (the journal's `met`).
 *
 * @throws {CanonicalError} THRESHOLD_RANGE when thresholdBps is not an integer in [0, 10000]
 * @example
 * thresholdMet(27, 30, 9000) // true (exactly 90%)
 */
export function thresholdMet(correct: number, total: number, thresholdBps: number): boolean {
  if (!Number.isInteger(thresholdBps) || thresholdBps < 0 || thresholdBps > MAX_THRESHOLD_BPS) {
    throw new CanonicalError(
      'THRESHOLD_RANGE',
      `threshold ${thresholdBps} bps is not an integer in [0, 10000]`,
    )
  }
  return BigInt(correct) * BigInt(MAX_THRESHOLD_BPS) >= BigInt(thresholdBps) * BigInt(total)
}
