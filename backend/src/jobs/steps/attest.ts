import { hcsSummary } from '@veritree/core/certificate'
import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * attesting → done: timestamps the sale summary on Hedera Consensus Service, in exactly the bytes the
 * certificate checker rebuilds (`hcsSummary`). A crash between the submit and the database write can
 * leave a duplicate message on the topic; that is harmless (the certificate cites the one recorded).
 */
export const attestStep: Step = async ({ deps, job, signal, progress }) => {
  const a = job.aggregation
  if (
    !job.settlement ||
    !job.settleTx ||
    !a ||
    !job.modelHash ||
    job.correct === null ||
    job.total === null ||
    job.met === null
  ) {
    throw new PermanentJobError('the job reached attesting without its settlement and proof results')
  }
  progress({ phase: 'attesting', message: `timestamping on HCS (${deps.timestampLog.network})` })
  const message = hcsSummary({
    chainId: job.chainId,
    market: job.market,
    jobId: job.jobId,
    modelHash: job.modelHash,
    testSetHash: job.testSetHash,
    correct: job.correct,
    total: job.total,
    thresholdBps: job.thresholdBps,
    met: job.met,
    statement: a.statement,
    aggregationId: a.aggregationId,
    settleTx: job.settleTx,
  })
  const timestamp = await deps.timestampLog.submit(message, { signal })
  return { next: 'done', patch: { timestamp }, note: `HCS ${timestamp.topicId} #${timestamp.sequenceNumber}` }
}
