import type { ChainJobStatus } from '../../chain/market.ts'
import type { JobRecord } from '../../db/index.ts'
import type { StepOutcome } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * A job the market ended without a settle: refunded by the backend as unprovable, or reclaimed by the
 * customer after the deadline. Either way the customer has the money back, so the job ends `refunded`.
 * Null for Open, Settled and Refunded (the caller's business).
 */
export function chainEndOutcome(job: JobRecord, status: ChainJobStatus): StepOutcome | null {
  if (status === 'Unprovable' || status === 'Reclaimed')
    return {
      next: 'refunded',
      patch: { refund: { reason: job.refund?.reason ?? 0, tx: job.refund?.tx ?? null, status } },
      note: `on-chain status ${status}`,
    }
  if (status === 'None') throw new PermanentJobError('the market does not know this job')
  return null
}
