import type { FormatEstimate } from '@veritree/core/api'
import { MAX_TRAINING_CYCLES, trainingCyclesBound } from '@veritree/core/canonical'
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

/**
 * Seconds of CPU proving per 2^20 padded cycles on this machine (2 cores, risc0 3.0 CPU prover):
 * zkvm-guest/bench/RESULTS.md measured 263 s at po2 19 and 592 s at po2 20, and 38 s at po2 16 on an
 * idle machine (≈ 580 s per 2^20), rounded up. Proving cost follows the padded segment sizes, not the
 * exact cycle count, so the estimate pads as the prover does. A deployment on other hardware (a GPU,
 * a remote prover) would measure and set its own rate.
 */
export const PROVING_SECONDS_PER_MEBICYCLE = 600

/** The smallest segment the prover pads to (po2 16). */
const MIN_SEGMENT_PO2 = 16

/**
 * Estimated proving seconds for `userCycles`: total cycles (user cycles / 0.75, the paging allowance of
 * {@link MAX_PROVABLE_CYCLES}) cut into full segments of 2^{@link USABLE_SEGMENT_PO2}, the last padded to
 * a power of two.
 */
export function estimateProvingSeconds(userCycles: number): number {
  const total = Math.ceil(userCycles / 0.75)
  const segment = 2 ** USABLE_SEGMENT_PO2
  const full = Math.floor(total / segment)
  const rest = total - full * segment
  const last = rest === 0 ? 0 : 2 ** Math.max(MIN_SEGMENT_PO2, Math.ceil(Math.log2(rest)))
  const padded = full * segment + last
  return Math.ceil((padded / 2 ** 20) * PROVING_SECONDS_PER_MEBICYCLE)
}

/** What a preview knows before training: public sizes and the customer's parameters. */
export type FormatEstimateInput = {
  testRows: number
  features: number
  params: TrainingParams
  datasetRows: number
  /** The dataset's class count (format 2 scores every class at every node it trains). */
  classes: number
}

/**
 * Whether each journal format fits zkVerify's limits for this job, and how long it would take to prove.
 * Format 1 evaluates a given model ({@link provingEstimate}); format 2 also hashes the dataset and
 * trains the model inside the guest, bounded by the guest's own measured cost model
 * ({@link trainingCyclesBound}, the twin of zkvm-guest/core/src/cost.rs, which `prove --mode 2` uses
 * to refuse too-large inputs).
 */
export function formatEstimates(input: FormatEstimateInput): FormatEstimate[] {
  const one = provingEstimate(input)
  const accuracy: FormatEstimate = {
    journalFormat: 1,
    fits: one.fits,
    estimatedCycles: one.estimatedCycles,
    maxCycles: one.maxCycles,
    estimatedProvingSeconds: estimateProvingSeconds(one.estimatedCycles),
    ...(one.fits
      ? {}
      : { reason: `about ${one.estimatedCycles} cycles, over the ${one.maxCycles} that fit` }),
  }
  const bound = trainingCyclesBound({
    datasetRows: input.datasetRows,
    features: input.features,
    classes: input.classes,
    maxDepth: input.params.maxDepth,
    minLeafSize: input.params.minLeafSize,
    testRows: input.testRows,
  })
  // The bound can pass 2^53 for absurd shapes; anything above the limit is simply "does not fit".
  const fits2 = bound <= BigInt(MAX_TRAINING_CYCLES)
  const cycles2 = Math.min(Number(bound), Number.MAX_SAFE_INTEGER)
  const trained: FormatEstimate = {
    journalFormat: 2,
    fits: fits2,
    estimatedCycles: cycles2,
    maxCycles: MAX_TRAINING_CYCLES,
    estimatedProvingSeconds: estimateProvingSeconds(cycles2),
    ...(fits2
      ? {}
      : {
          reason: `training ${input.datasetRows} rows × ${input.features} features to depth ${input.params.maxDepth} inside the proof needs about ${cycles2} cycles, over the ${MAX_TRAINING_CYCLES} that fit: lower maxDepth or choose format 1`,
        }),
  }
  return [accuracy, trained]
}
