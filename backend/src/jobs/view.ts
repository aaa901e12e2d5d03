import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import type { Job, JobAggregation, JobTimestampSchema } from '@veritree/core/api'
import type { z } from 'zod'
import type { AggregationProof, TimestampReceipt } from '../attest/types.ts'
import type { JobRecord } from '../db/index.ts'

/** The name of an UNPROVABLE_REASON value (0: the customer reclaimed it themselves). */
export function unprovableReasonName(reason: number): string {
  const entry = Object.entries(UNPROVABLE_REASON).find(([, value]) => Number(value) === reason)
  return entry ? entry[0] : reason === 0 ? 'RECLAIMED' : `UNKNOWN_${reason}`
}

/** A zkVerify aggregation as the API shows it (big integers as decimal text); jobs and feed requests. */
export function aggregationView(a: AggregationProof): JobAggregation {
  return {
    ...a,
    domainId: a.domainId.toString(),
    aggregationId: a.aggregationId.toString(),
    leafCount: a.leafCount.toString(),
    index: a.index.toString(),
  }
}

/** An HCS timestamp as the API shows it; jobs and feed requests. */
export function timestampView(t: TimestampReceipt): z.input<typeof JobTimestampSchema> {
  return { ...t, sequenceNumber: t.sequenceNumber.toString() }
}

/** A job as `GET /jobs/:jobId` shows it; `result` appears once training has scored the test set. */
export function jobView(job: JobRecord): Job {
  const a = job.verification?.aggregation ?? null
  const t = job.training
  const timestamp = job.attestation?.timestamp ?? null
  // The model's hash (and the journal, which contains it) stays private until settle opens the
  // commitment on-chain: GET /jobs/:id is public, and the hash would confirm a reconstructed tree.
  const settled = job.settlement?.outcome != null
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
    ...(job.terms ? { terms: job.terms } : {}),
    ...(t === null
      ? {}
      : {
          result: {
            correct: t.correct,
            total: t.total,
            accuracy: t.total ? t.correct / t.total : 0,
            met: t.met,
            modelHash: settled ? t.modelHash : null,
            imageId: job.proof?.imageId ?? null,
            journal: settled ? (job.proof?.journal ?? null) : null,
            prove: job.proof?.stats ?? null,
            aggregation: a ? aggregationView(a) : null,
            settleTx: job.settlement?.tx ?? null,
            settlement: job.settlement?.outcome?.status ?? null,
            ownJournal: job.settlement?.outcome?.ownJournal ?? null,
            timestamp: timestamp ? timestampView(timestamp) : null,
          },
        }),
    ...(job.refund
      ? {
          refund: {
            reason: job.refund.reason,
            reasonName: unprovableReasonName(job.refund.reason),
            tx: job.refund.tx,
            status: job.refund.status,
          },
        }
      : {}),
  }
}

/**
 * Why the model and receipt of this job may not be downloaded, or null when they may: only a job the
 * market settled with `met = true`, paying for the journal this backend proved. A job refunded for a
 * missed threshold (the customer has the money back) or refunded as unprovable gets no model.
 */
export function downloadRefusal(job: JobRecord): { code: string; message: string } | null {
  if (job.state === 'refunded')
    return { code: 'job_refunded', message: 'the job was refunded; it has no model to download' }
  const outcome = job.settlement?.outcome
  if (!outcome || (job.state !== 'attesting' && job.state !== 'done'))
    return {
      code: 'job_not_settled',
      message: `job is ${job.state}; downloads are available once it is settled with the threshold met`,
    }
  if (outcome.status !== 'Settled' || !outcome.met)
    return {
      code: 'threshold_not_met',
      message: 'the threshold was not met and the customer was refunded; the model is not sold',
    }
  if (!outcome.ownJournal)
    return {
      code: 'foreign_settlement',
      message: 'the job was settled with a journal this backend did not prove',
    }
  return null
}
