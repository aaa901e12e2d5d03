import type { TrainingParams } from '@veritree/core/training'
import { ZKVERIFY_RISC0_LIMITS } from '@veritree/core/zkverify'

/**
 * An upper bound on the guest's user cycles for one job, known before training, from public facts
 * only (test rows, features, the customer's parameters and the dataset's row count), so neither the
 * estimate nor a refusal reveals anything about the vendor's model.
 *
 * Calibrated on the guest's measured cycle counts (zkvm-guest/README.md, "Performance"; the guest
 * streams the test set through a fixed buffer): about 6,700 fixed, 130 per model node (decoding,
 * checking and compiling the tree, and hashing it), and per test row about 18 + 1.33 per input byte
 * (SHA-256 at ~72 cycles per 64-byte block, and reading) + 12 per tree level walked (up to 16 when
 * values tie with thresholds in their upper bits). Every constant below is rounded up from those fits,
 * and the tree is assumed as deep and as large as the parameters allow, so the result is never below
 * the measured cycles (provingEstimate.test.ts checks each measured point, and, when the prover is
 * built, `veritree-prover execute` on real models).
 */
export const CYCLE_MODEL = {
  base: 8_000,
  perNode: 140,
  perRow: 20,
  perRowByte: 1.4,
  perLevel: 16,
} as const

/**
 * The largest segment whose receipt fits zkVerify's byte limit: measured receipts are 339 KiB
 * (347 KB) at po2 20 and would pass 350,000 bytes at po2 21, although zkVerify allows po2 21.
 */
export const USABLE_SEGMENT_PO2 = Math.min(ZKVERIFY_RISC0_LIMITS.maxPo2, 20)

/**
 * User cycles the receipt may hold: `maxSegments` segments of 2^po2 cycles, three quarters of which are
 * counted as usable (segments pad to a power of two and paging adds cycles beyond the user's: the
 * 3,000-row depth-8 case used 1.17M user cycles for 1.57M total).
 */
export const MAX_PROVABLE_CYCLES = Math.floor(
  ZKVERIFY_RISC0_LIMITS.maxSegments * 2 ** USABLE_SEGMENT_PO2 * 0.75,
)

/** The biggest tree the parameters allow on a dataset of `datasetRows` rows. */
export function worstCaseTree(params: TrainingParams, datasetRows: number): { nodes: number; depth: number } {
  // Every leaf holds at least minLeafSize rows, so there are at most rows / minLeafSize leaves.
  const maxLeaves = Math.max(1, Math.floor(datasetRows / params.minLeafSize))
  const leaves = Math.min(maxLeaves, 2 ** Math.min(params.maxDepth, 30))
  return { nodes: 2 * leaves - 1, depth: Math.min(params.maxDepth, leaves - 1) }
}

/** The fixed and the per-row part of {@link estimateCycles}. */
function cycleCosts(shape: { features: number; nodes: number; depth: number }): {
  fixed: number
  perRow: number
} {
  const rowBytes = shape.features * 8 + 2
  return {
    fixed: CYCLE_MODEL.base + CYCLE_MODEL.perNode * shape.nodes,
    perRow: CYCLE_MODEL.perRow + CYCLE_MODEL.perRowByte * rowBytes + CYCLE_MODEL.perLevel * shape.depth,
  }
}

/** Upper bound on user cycles to evaluate a tree of this shape on `testRows` rows of `features` features. */
export function estimateCycles(shape: {
  testRows: number
  features: number
  nodes: number
  depth: number
}): number {
  const { fixed, perRow } = cycleCosts(shape)
  return Math.ceil(fixed + shape.testRows * perRow)
}

export type ProvingEstimate = {
  estimatedCycles: number
  maxCycles: number
  /** The most test rows that fit with these parameters and this dataset (0 when none do). */
  maxRows: number
  fits: boolean
}

/** Whether a job with this test set and these parameters can be proven within zkVerify's limits. */
export function provingEstimate(input: {
  testRows: number
  features: number
  params: TrainingParams
  datasetRows: number
}): ProvingEstimate {
  const tree = worstCaseTree(input.params, input.datasetRows)
  const { fixed, perRow } = cycleCosts({ ...tree, features: input.features })
  const estimatedCycles = estimateCycles({ ...tree, testRows: input.testRows, features: input.features })
  const maxRows = Math.max(0, Math.floor((MAX_PROVABLE_CYCLES - fixed) / perRow))
  return {
    estimatedCycles,
    maxCycles: MAX_PROVABLE_CYCLES,
    maxRows,
    fits: estimatedCycles <= MAX_PROVABLE_CYCLES,
  }
}
