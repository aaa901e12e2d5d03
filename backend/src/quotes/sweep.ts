import type { Logger } from 'pino'
import type { PreviewBudget, Store } from '../db/index.ts'

/** Quotes stay 24 h past their expiry (a JobOpened mined just before expiry may be indexed late). */
export const QUOTE_GRACE_MS = 24 * 60 * 60 * 1000

/**
 * Deletes what no longer serves a purpose: quotes expired more than {@link QUOTE_GRACE_MS} ago that no
 * job references (their test sets are the customer's data), and preview charges older than the budget
 * window.
 */
export async function sweepQuotes(
  store: Store,
  now: number,
  budget: Pick<PreviewBudget, 'windowMs'>,
): Promise<{ quotes: number; charges: number }> {
  const quotes = await store.sweepQuotes(now - QUOTE_GRACE_MS)
  const charges = await store.sweepPreviewCharges(now - budget.windowMs)
  return { quotes, charges }
}

/** Runs {@link sweepQuotes} now and every `intervalMs` (default hourly); returns a stop function. */
export function startQuoteSweeper(
  store: Store,
  logger: Logger,
  budget: Pick<PreviewBudget, 'windowMs'>,
  intervalMs = 60 * 60 * 1000,
): () => void {
  const run = (): void => {
    sweepQuotes(store, Date.now(), budget).then(
      (swept) => {
        if (swept.quotes + swept.charges > 0) logger.info(swept, 'swept old quotes and preview charges')
      },
      (error: unknown) => logger.error({ err: error }, 'quote sweep failed'),
    )
  }
  run()
  const timer = setInterval(run, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
