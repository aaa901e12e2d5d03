import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import type { Logger } from 'pino'
import type { FeedRequestRecord, Store } from '../db/index.ts'
import { DEFAULT_FEED_INPUTS_LIMITS, INPUTS_SWEEP_BATCH, INPUTS_SWEEP_INTERVAL_MS } from './limits.ts'

/**
 * Moves requests still awaiting their inputs after the grace period to `refunding`: the backend can
 * never prove them, so the worker credits the consumer in full with `refundUnprovable` (reason
 * TERMS_MISMATCH: the request names inputs the backend does not hold). Returns the moved requests.
 * The usual order is upload, then pay, so a request that waits at all was paid by someone who never
 * sent (or never had) the rows, e.g. a contract that asked with a hash nobody uploaded.
 */
export async function expireUnknownInputs(
  store: Store,
  now: number,
  graceMs: number = DEFAULT_FEED_INPUTS_LIMITS.graceMs,
): Promise<FeedRequestRecord[]> {
  return store.expireAwaitingInputs(now - graceMs, UNPROVABLE_REASON.TERMS_MISMATCH, now)
}

/**
 * Deletes uploaded inputs that no pending request names, last uploaded more than the grace period before
 * `syncedAt` (the watcher's last full read; never later than now), at most `limit` per pass. Without
 * it, a signed-in wallet could upload rows it never pays for until the disk fills (the per-wallet
 * quota bounds what each wallet holds at once, this bounds how long). A request for swept rows is
 * recorded in `awaiting_inputs`, as for any unknown rows: a new upload releases it, or it is refunded.
 */
export async function sweepUnusedInputs(
  store: Store,
  syncedAt: number,
  graceMs: number = DEFAULT_FEED_INPUTS_LIMITS.graceMs,
  limit: number = INPUTS_SWEEP_BATCH,
): Promise<number> {
  return store.sweepFeedInputs(syncedAt - graceMs, limit)
}

/**
 * One pass: expires requests whose inputs never came, then sweeps unused inputs, but only up to the
 * watcher's last full read of the chain (`syncedAt`; none before its first), so rows paid for while the
 * backend was down are not swept before their request is read.
 */
export async function runInputsExpiry(
  store: Store,
  now: number,
  options: { graceMs: number; syncedAt: number | null },
): Promise<{ expired: FeedRequestRecord[]; swept: number }> {
  const expired = await expireUnknownInputs(store, now, options.graceMs)
  const swept =
    options.syncedAt === null
      ? 0
      : await sweepUnusedInputs(store, Math.min(now, options.syncedAt), options.graceMs)
  return { expired, swept }
}

/** Runs {@link runInputsExpiry} every `intervalMs` (default a minute); returns a stop function. */
export function startInputsExpiry(
  store: Store,
  logger: Logger,
  onExpired: () => void,
  options: { graceMs?: number; intervalMs?: number; syncedAt?: () => number | null } = {},
): () => void {
  const graceMs = options.graceMs ?? DEFAULT_FEED_INPUTS_LIMITS.graceMs
  const run = async (): Promise<void> => {
    const now = Date.now()
    const { expired, swept } = await runInputsExpiry(store, now, {
      graceMs,
      syncedAt: options.syncedAt ? options.syncedAt() : now,
    })
    if (expired.length > 0) {
      logger.warn(
        { requests: expired.map((r) => r.requestId) },
        'refunding requests whose inputs were never uploaded',
      )
      onExpired()
    }
    if (swept > 0) logger.info({ swept }, 'deleted uploaded inputs nobody paid for')
  }
  const timer = setInterval(() => {
    run().catch((error: unknown) => logger.error({ err: error }, 'expiring or sweeping feed inputs failed'))
  }, options.intervalMs ?? INPUTS_SWEEP_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
