import { hcsSummary } from '@veritree/core/certificate'
import type { TimestampReceipt } from '../../attest/types.ts'
import { saleFactsOf } from '../../certificate/saleFacts.ts'
import type { AttestationResult } from '../../db/index.ts'
import type { PipelineDeps, Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * How long after sending a message a retry waits before concluding it never reached the topic: a
 * Hedera transaction is valid for 120 s after its start, and mirrors lag consensus by seconds.
 */
export const HCS_SETTLE_MS = 180_000

/**
 * Timestamps `message` on HCS once, for a job or a feed request. Checks first, then acts: where the
 * message will land is stored (`save`, which must throw if the claim was lost) before it is sent, and
 * a retry with a `pending` submission looks it up on the mirror instead of publishing it twice.
 */
export async function timestampOnce(
  deps: Pick<PipelineDeps, 'timestampLog' | 'logger'>,
  request: {
    message: Uint8Array
    pending: PendingTimestamp | null
    signal: AbortSignal
    progress(p: { phase: string; message: string }): void
    logFields: Record<string, unknown>
    save(pending: PendingTimestamp): Promise<void>
  },
): Promise<TimestampReceipt> {
  const { message, pending, signal } = request
  if (pending) {
    request.progress({ phase: 'attesting', message: 'looking up the message sent earlier' })
    const found = await deps.timestampLog.lookup(pending, message, { signal })
    if (found) return found
    if (Date.now() - pending.submittedAt < HCS_SETTLE_MS)
      throw new Error(`HCS message ${pending.transactionId} is not on the mirror yet`)
    deps.logger.warn(
      { ...request.logFields, pending },
      'the earlier HCS message never reached the topic; sending again',
    )
  }
  request.progress({ phase: 'attesting', message: `timestamping on HCS (${deps.timestampLog.network})` })
  return deps.timestampLog.submit(message, {
    signal,
    onSubmitting: async (submission) => request.save({ ...submission, submittedAt: Date.now() }),
  })
}

type PendingTimestamp = NonNullable<AttestationResult['pending']>

/**
 * attesting → done: timestamps the sale summary on Hedera Consensus Service, in exactly the bytes the
 * certificate checker rebuilds (`hcsSummary`). Checks first, then acts: where the message will land is
 * stored before it is sent, and a retry looks it up on the mirror instead of publishing it twice.
 */
export const attestStep: Step = async ({ deps, job, holder, signal, progress }) => {
  const aggregation = job.verification?.aggregation
  const settlement = job.settlement
  const [quote, dataset] = await Promise.all([
    deps.store.getQuote(job.quoteId),
    deps.store.getDataset(job.datasetId),
  ])
  const facts = quote && dataset ? saleFactsOf(job, quote, dataset) : { missing: ['quote or dataset'] }
  if (!settlement?.outcome || !aggregation || 'missing' in facts) {
    throw new PermanentJobError('the job reached attesting without its settlement and proof results')
  }
  const message = hcsSummary({
    sale: facts.sale,
    statement: aggregation.statement,
    aggregationId: aggregation.aggregationId,
    settleTx: settlement.tx,
  })
  const done = (timestamp: NonNullable<typeof job.attestation>['timestamp'] & object) => ({
    next: 'done' as const,
    patch: { attestation: { pending: job.attestation?.pending ?? null, timestamp } },
    note: `HCS ${timestamp.topicId} #${timestamp.sequenceNumber}`,
  })

  const timestamp = await timestampOnce(deps, {
    message,
    pending: job.attestation?.pending ?? null,
    signal,
    progress,
    logFields: { jobId: job.jobId },
    save: async (submission) => {
      const saved = await deps.store.patchJob(
        job.pk,
        holder,
        { attestation: { pending: submission, timestamp: null } },
        Date.now(),
      )
      if (!saved) throw new Error('lost the job before sending its HCS message')
    },
  })
  return done(timestamp)
}
