import { modelCommitment, UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { thresholdMet } from '@veritree/core/canonical'
import { runTraining } from '../../training/index.ts'
import { unseal } from '../../vault/seal.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError, UnprovableJobError } from '../errors.ts'

/**
 * training → proving: decrypts the dataset, retrains with the quote's parameters and scores the test
 * set. Training is deterministic, so a retry after a crash makes the same model, and so does the
 * preview: a model whose hash does not open the job's model commitment could never settle
 * (`settle` reverts ModelMismatch), so the customer is refunded at once (MODEL_MISMATCH).
 */
export const trainStep: Step = async ({ deps, job, signal, progress }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  const terms = await deps.store.getQuoteTerms(job.quoteId)
  const dataset = await deps.store.getDataset(job.datasetId)
  const blob = await deps.store.getSealedBlob(job.datasetId)
  if (!quote || !terms || !dataset || !blob)
    throw new PermanentJobError('the quote or dataset of this job is missing')
  if (!job.terms || !terms.modelSalt)
    throw new UnprovableJobError(UNPROVABLE_REASON.TERMS_MISMATCH, 'the job has no model commitment to open')
  progress({ phase: 'training', message: `training on ${dataset.rows} rows` })
  const datasetBytes = unseal(deps.dataKey, dataset.id, blob)
  const result = await runTraining(
    { datasetBytes, classes: dataset.classes.length, params: quote.params, testSetBytes: quote.testSet },
    { timeoutMs: deps.trainTimeoutMs, signal },
  )
  if (
    modelCommitment(result.modelHash, terms.modelSalt).toLowerCase() !==
    job.terms.modelCommitment.toLowerCase()
  ) {
    deps.logger.error(
      { jobId: job.jobId, quoted: quote.modelHash, trained: result.modelHash },
      'retrained model does not open the job’s model commitment',
    )
    throw new UnprovableJobError(
      UNPROVABLE_REASON.MODEL_MISMATCH,
      'the retrained model differs from the quoted one, so it cannot settle this job',
    )
  }
  const met = thresholdMet(result.correct, result.total, job.thresholdBps)
  return {
    next: 'proving',
    patch: {
      training: {
        model: result.modelBytes,
        modelHash: result.modelHash,
        correct: result.correct,
        total: result.total,
        met,
      },
    },
    note: `${result.correct}/${result.total} correct, model ${result.modelHash}`,
  }
}
