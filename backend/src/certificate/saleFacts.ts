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
  const { training, proof } = job
  if (!training || !proof) {
    const missing = Object.entries({ training, proof })
      .filter(([, v]) => v === null)
      .map(([k]) => k)
    return { missing }
  }
  const { modelHash, correct, total, met } = training
  const { imageId } = proof
  return {
    sale: {
      chainId: job.chainId,
      market: job.market,
      jobId: job.jobId,
      quoteId: job.quoteId,
      datasetCommitment: dataset.commitment,
      params: quote.params,
      paramsHash: job.terms?.paramsHash ?? quote.paramsHash,
      journalFormat: job.terms?.journalFormat ?? 1,
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
