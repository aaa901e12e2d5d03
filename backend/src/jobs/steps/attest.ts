import type { JobRecord } from '../../db/index.ts'
import { PermanentJobError } from '../errors.ts'
import type { Step } from '../deps.ts'

/** The summary timestamped on HCS: enough to find and re-check the receipt, no model, no data. */
export function timestampMessage(job: JobRecord): Uint8Array {
  const a = job.aggregation
  const summary = {
    type: 'veritree.accuracy-receipt',
    version: 1,
    chainId: job.chainId,
    market: job.market,
    jobId: job.jobId,
    modelHash: job.modelHash,
    testSetHash: job.testSetHash,
    correct: job.correct,
    total: job.total,
    thresholdBps: job.thresholdBps,
    met: job.met,
    imageId: job.imageId,
    statement: a?.statement ?? null,
    aggregationId: a ? a.aggregationId.toString() : null,
    domainId: a ? a.domainId.toString() : null,
    settleTx: job.settleTx,
    settlement: job.settlement,
  }
  return new TextEncoder().encode(JSON.stringify(summary))
}

/**
 * attesting → done: timestamps the receipt summary on Hedera Consensus Service. A crash between the
 * submit and the database write can leave a duplicate message on the topic; duplicates are harmless
 * (the certificate cites the one recorded here).
 */
export const attestStep: Step = async ({ deps, job, signal, progress }) => {
  if (!job.settlement) throw new PermanentJobError('the job reached attesting before it was settled')
  progress({ phase: 'attesting', message: `timestamping on HCS (${deps.timestampLog.network})` })
  const timestamp = await deps.timestampLog.submit(timestampMessage(job), { signal })
  return { next: 'done', patch: { timestamp }, note: `HCS ${timestamp.topicId} #${timestamp.sequenceNumber}` }
}
