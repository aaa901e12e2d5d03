import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import type { Logger } from 'pino'
import type { FeedRequestRecord, Store } from '../db/index.ts'

/**
 * How long a paid request may wait for its input rows to be uploaded before it is refunded. The usual
 * order is upload, then pay, so a request that waits at all was paid by someone who never sent (or
 * never had) the rows, e.g. a contract that asked with a hash nobody uploaded.
 */
export const INPUTS_GRACE_MS = 60 * 60 * 1000

/**
 * Moves requests still awaiting their inputs after the grace period to `refunding`: the backend can
 * never prove them, so the worker credits the consumer in full with `refundUnprovable` (reason
 * TERMS_MISMATCH: the request names inputs the backend does not hold). Returns the moved requests.
 */
export async function expireUnknownInputs(
  store: Store,
  now: number,
  graceMs: number = INPUTS_GRACE_MS,
): Promise<FeedRequestRecord[]> {
  return store.expireAwaitingInputs(now - graceMs, UNPROVABLE_REASON.TERMS_MISMATCH, now)
}

/** Runs {@link expireUnknownInputs} every `intervalMs` (default a minute); returns a stop function. */
export function startInputsExpiry(
  store: Store,
  logger: Logger,
  onExpired: () => void,
  options: { graceMs?: number; intervalMs?: number } = {},
): () => void {
  const run = (): void => {
    expireUnknownInputs(store, Date.now(), options.graceMs).then(
      (expired) => {
        if (expired.length === 0) return
        logger.warn(
          { requests: expired.map((r) => r.requestId) },
          'refunding requests whose inputs were never uploaded',
        )
        onExpired()
      },
      (error: unknown) => logger.error({ err: error }, 'expiring requests without inputs failed'),
    )
  }
  const timer = setInterval(run, options.intervalMs ?? 60_000)
  timer.unref()
  return () => clearInterval(timer)
}
