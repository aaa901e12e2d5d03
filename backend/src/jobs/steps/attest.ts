import { hcsSummary } from '@veritree/core/certificate'
import { saleFactsOf } from '../../certificate/saleFacts.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * attesting → done: timestamps the sale summary on Hedera Consensus Service, in exactly the bytes the
 * certificate checker rebuilds (`hcsSummary`). A crash between the submit and the database write can
 * leave a duplicate message on the topic; that is harmless (the certificate cites the one recorded).
 */
export const attestStep: Step = async ({ deps, job, signal, progress }) => {
  const a = job.aggregation
  const [quote, dataset] = await Promise.all([
    deps.store.getQuote(job.quoteId),
    deps.store.getDataset(job.datasetId),
  ])
  const facts = quote && dataset ? saleFactsOf(job, quote, dataset) : { missing: ['quote or dataset'] }
  if (!job.settlement || !job.settleTx || !a || 'missing' in facts) {
    throw new PermanentJobError('the job reached attesting without its settlement and proof results')
  }
  progress({ phase: 'attesting', message: `timestamping on HCS (${deps.timestampLog.network})` })
  const message = hcsSummary({
    sale: facts.sale,
    statement: a.statement,
    aggregationId: a.aggregationId,
    settleTx: job.settleTx,
  })
  const timestamp = await deps.timestampLog.submit(message, { signal })
  return { next: 'done', patch: { timestamp }, note: `HCS ${timestamp.topicId} #${timestamp.sequenceNumber}` }
}
