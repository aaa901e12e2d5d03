import { FEED_MAX_COUNT } from '@veritree/core/api'
import { TEST_SET_LIMITS } from '@veritree/core/csv'

/**
 * How long uploaded inputs and the requests that wait for them are kept, and how much each wallet may
 * keep that no request names. One place for the defaults: the config parses the environment against
 * them and the app falls back to them.
 */
export type FeedInputsLimits = {
  /**
   * A paid request waits this long for its rows before it is refunded (TERMS_MISMATCH), and uploaded
   * rows no request names are deleted this long after their latest upload. The usual order is upload,
   * then pay at once, so both only meet someone who never pays or never uploads.
   */
  graceMs: number
  /** Uploaded inputs no request names that one wallet may hold at once (over all feeds). */
  maxPerWallet: number
  /** Their canonical bytes, summed (over all feeds). */
  maxBytesPerWallet: number
}

/** The largest canonical inputs one upload can store: MAX_COUNT rows × the most features × 8 bytes, plus the header. */
export const MAX_INPUTS_BYTES = 8 + FEED_MAX_COUNT * TEST_SET_LIMITS.maxFeatures * 8

/** How often requests without inputs are expired and unused inputs swept (feeds/expireInputs.ts). */
export const INPUTS_SWEEP_INTERVAL_MS = 60_000
/** Most unused inputs one sweep pass deletes: a pass stays short however many piled up. */
export const INPUTS_SWEEP_BATCH = 500

/** The shortest grace period: the expiry and the sweep run once a minute, a shorter one means nothing. */
export const MIN_INPUTS_GRACE_MS = INPUTS_SWEEP_INTERVAL_MS
/**
 * The longest grace period: half the factory's shortest job timeout (MIN_JOB_TIMEOUT, 6 h), so the
 * refund of a request whose rows never came lands well before its consumer could reclaim it anyway.
 */
export const MAX_INPUTS_GRACE_MS = 3 * 60 * 60 * 1000

export const DEFAULT_FEED_INPUTS_LIMITS: FeedInputsLimits = {
  graceMs: 60 * 60 * 1000,
  // A consumer uploads, then pays within seconds; 32 unpaid batches at once is already generous.
  maxPerWallet: 32,
  maxBytesPerWallet: 8 * 1024 * 1024,
}
