import type { Job } from '@veritree/core/api'
import type { JobRecord } from '../db/index.ts'

/** A job as `GET /jobs/:jobId` shows it; `result` appears once training has scored the test set. */
export function jobView(job: JobRecord): Job {
  const a = job.aggregation
  return {
    jobId: job.jobId,
    chainId: job.chainId,
    market: job.market,
    state: job.state,
    progress: job.progress,
    error: job.error,
    attempts: job.attempts,
    datasetId: job.datasetId,
    quoteId: job.quoteId,
    customer: job.customer,
    testSetHash: job.testSetHash,
    thresholdBps: job.thresholdBps,
    priceWei: job.priceWei,
    deadline: job.deadline,
    openedTx: job.openedTx,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
    ...(job.correct === null || job.total === null
      ? {}
      : {
          result: {
            correct: job.correct,
            total: job.total,
            accuracy: job.total ? job.correct / job.total : 0,
            met: job.met,
            modelHash: job.modelHash,
            imageId: job.imageId,
            journal: job.journal,
            prove: job.prove,
            aggregation: a
              ? {
                  ...a,
                  domainId: a.domainId.toString(),
                  aggregationId: a.aggregationId.toString(),
                  leafCount: a.leafCount.toString(),
                  index: a.index.toString(),
                }
              : null,
            settleTx: job.settleTx,
            settlement: job.settlement,
            timestamp: job.timestamp
              ? { ...job.timestamp, sequenceNumber: job.timestamp.sequenceNumber.toString() }
              : null,
          },
        }),
  }
}
