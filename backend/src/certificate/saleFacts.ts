import type { SaleFacts } from '@veritree/core/certificate'
import type { DatasetRecord, JobRecord, QuoteRecord } from '../db/index.ts'

/**
 * The one place the stored records become {@link SaleFacts}: the attest step timestamps them and the
 * certificate route builds the bundle from them, so both state the same sale. Lists what is missing
 * when the job has not produced it yet.
 */
export function saleFactsOf(
  job: JobRecord,
  quote: QuoteRecord,
  dataset: DatasetRecord,
): { sale: SaleFacts } | { missing: string[] } {
  const { modelHash, correct, total, met, imageId } = job
  if (modelHash === null || correct === null || total === null || met === null || imageId === null) {
    const missing = Object.entries({ modelHash, correct, total, met, imageId })
      .filter(([, v]) => v === null)
      .map(([k]) => k)
    return { missing }
  }
  return {
    sale: {
      chainId: job.chainId,
      market: job.market,
      jobId: job.jobId,
      quoteId: job.quoteId,
      datasetCommitment: dataset.commitment,
      params: quote.params,
      thresholdBps: job.thresholdBps,
      priceWei: job.priceWei,
      modelHash,
      testSetHash: job.testSetHash,
      correct,
      total,
      met,
      imageId,
    },
  }
}
