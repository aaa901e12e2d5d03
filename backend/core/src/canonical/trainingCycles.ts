import { CanonicalError } from './errors.ts'

/**
 * The shapes that bound the guest's cycles in mode 2 (train + evaluate). All known at preview time:
 * the dataset's rows, features and class count (its schema), the parameters and the test-set rows.
 */
export type TrainingShape = {
  datasetRows: number
  features: number
  /** The dataset's class count (largest label + 1, `datasetClasses`). */
  classes: number
  maxDepth: number
  minLeafSize: number
  testRows: number
}

/**
 * Cycles per unit of work, rounded up from `execute --mode 2` measurements (zkvm-guest/bench/RESULTS.md,
 * "Format 2"). Twin of `TRAINING_CYCLES` in zkvm-guest/core/src/cost.rs; golden.json pins both.
 */
export const TRAINING_CYCLE_MODEL = {
  base: 20_000,
  perDatasetByte: 2,
  perCell: 30,
  perCellLog: 25,
  perCellLevel: 340,
  perNodeFeature: 100,
  perNodeFeatureClass: 10,
  evalPerNode: 100,
  evalPerRow: 40,
  evalPerRowByte: 2,
  evalPerLevel: 35,
} as const

/**
 * The most user cycles a mode-2 run may take and still fit zkVerify's limits: 4 segments of 2^20
 * cycles, three quarters counted as usable (paging and segment overhead). `MAX_TRAINING_CYCLES` in Rust.
 */
export const MAX_TRAINING_CYCLES = (4 * 2 ** 20 * 3) / 4

const U64_MAX = 2n ** 64n - 1n

const check = (value: number, max: number, what: string) => {
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new CanonicalError('TABLE_SHAPE', `${what} is ${value}, expected an integer in [0, ${max}]`)
}

/** `⌈log2 n⌉`, 0 for n <= 1. */
function ceilLog2(n: bigint): bigint {
  return n <= 1n ? 0n : BigInt((n - 1n).toString(2).length)
}

/**
 * Upper bound on the guest's user cycles for one mode-2 run (exact integer arithmetic, saturating
 * at 2^64 - 1 like the Rust twin `training_cycles_bound`). Levels are `min(maxDepth, rows - 1)`;
 * scored nodes are at most `2^levels - 1` and at most `levels × ⌊rows / max(2 minLeafSize, 2)⌋`.
 *
 * @throws {CanonicalError} TABLE_SHAPE when a field is not a non-negative integer of its width
 * @example trainingCyclesBound({ datasetRows: 150, features: 4, classes: 3, maxDepth: 3, minLeafSize: 5, testRows: 30 })
 */
export function trainingCyclesBound(shape: TrainingShape): bigint {
  check(shape.datasetRows, 0xffff_ffff, 'datasetRows')
  check(shape.features, 0xffff_ffff, 'features')
  check(shape.classes, 0xffff_ffff, 'classes')
  check(shape.maxDepth, 0xffff, 'maxDepth')
  check(shape.minLeafSize, 0xffff_ffff, 'minLeafSize')
  check(shape.testRows, 0xffff_ffff, 'testRows')
  const m = TRAINING_CYCLE_MODEL
  const c = (k: number) => BigInt(k)
  const n = BigInt(shape.datasetRows)
  const f = BigInt(shape.features)
  const cells = n * f
  const rowsMinusOne = n > 0n ? n - 1n : 0n
  const levels = BigInt(shape.maxDepth) < rowsMinusOne ? BigInt(shape.maxDepth) : rowsMinusOne
  const byDepth = levels >= 63n ? U64_MAX : (1n << levels) - 1n
  const minSplit = 2n * BigInt(shape.minLeafSize) > 2n ? 2n * BigInt(shape.minLeafSize) : 2n
  const byRows = levels * (n / minSplit)
  const scored = byDepth < byRows ? byDepth : byRows
  const total =
    c(m.base) +
    c(m.perDatasetByte) * (8n + n * (f * 8n + 2n)) +
    c(m.perCell) * cells +
    c(m.perCellLog) * cells * ceilLog2(n) +
    c(m.perCellLevel) * cells * levels +
    scored * f * (c(m.perNodeFeature) + c(m.perNodeFeatureClass) * BigInt(shape.classes)) +
    c(m.evalPerNode) * (2n * scored + 1n) +
    BigInt(shape.testRows) *
      (c(m.evalPerRow) + c(m.evalPerRowByte) * (f * 8n + 2n) + c(m.evalPerLevel) * levels)
  return total > U64_MAX ? U64_MAX : total
}

/**
 * Whether a mode-2 proof of this shape fits zkVerify's limits for certain, by the bound. `false` means
 * "not certain": the bound assumes full growth, and `execute --mode 2` gives the exact answer.
 */
export function trainingFits(shape: TrainingShape): boolean {
  return trainingCyclesBound(shape) <= BigInt(MAX_TRAINING_CYCLES)
}
