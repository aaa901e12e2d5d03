/**
 * What a preview may reveal, defined once for the backend (which enforces it) and the frontend (which
 * builds the form and explains the answer). The reasoning and the information bound are in
 * backend/README.md ("What a preview reveals").
 */

/** Fewest test rows a preview scores: one row's outcome must not move the answer by a whole bucket. */
export const PREVIEW_MIN_TEST_ROWS = 50

/** Accuracy is published as a 5-point bucket (in basis points), never as correct/total. */
export const ACCURACY_BUCKET_BPS = 500

/**
 * Thresholds a quote may carry: multiples of 5 % from 5 % to 95 %. On bucket edges, `met` follows from
 * the bucket, so it adds no information; 100 % is excluded because "met at 100 %" singles out the one
 * bucket value that is exact (every row right) instead of a 5-point range.
 */
export const THRESHOLD_STEP_BPS = 500
export const MIN_PREVIEW_THRESHOLD_BPS = 500
export const MAX_PREVIEW_THRESHOLD_BPS = 9_500

/** `correct/total` → the bucket `[lowBps, highBps)` holding it (the last bucket is `[9500, 10000]`). */
export function accuracyBucket(correct: number, total: number): { lowBps: number; highBps: number } {
  if (
    !Number.isInteger(correct) ||
    !Number.isInteger(total) ||
    total <= 0 ||
    correct < 0 ||
    correct > total
  ) {
    throw new RangeError(`accuracyBucket: need 0 <= correct <= total, total > 0 (got ${correct}/${total})`)
  }
  // Integer arithmetic: floor(correct·10000 / total) rounded down to the bucket, so no float edge cases.
  const bps = Math.floor((correct * 10_000) / total)
  const lowBps = Math.min(
    Math.floor(bps / ACCURACY_BUCKET_BPS) * ACCURACY_BUCKET_BPS,
    10_000 - ACCURACY_BUCKET_BPS,
  )
  return { lowBps, highBps: lowBps + ACCURACY_BUCKET_BPS }
}

/** Whether `thresholdBps` is one a preview accepts (see {@link THRESHOLD_STEP_BPS}). */
export function isPreviewThreshold(thresholdBps: number): boolean {
  return (
    Number.isInteger(thresholdBps) &&
    thresholdBps >= MIN_PREVIEW_THRESHOLD_BPS &&
    thresholdBps <= MAX_PREVIEW_THRESHOLD_BPS &&
    thresholdBps % THRESHOLD_STEP_BPS === 0
  )
}

/** Number of distinct accuracy answers a preview can give (buckets), for the information bound. */
export const ACCURACY_BUCKETS = 10_000 / ACCURACY_BUCKET_BPS
