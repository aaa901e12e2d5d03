import { modelCommitment, UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { thresholdMet } from '@veritree/core/canonical'
import { DatasetRowsMissingError, trainAndScore } from '../../training/index.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError, UnprovableJobError } from '../errors.ts'

/**
 * training → proving: decrypts the dataset, retrains with the quote's parameters and scores the test
 * set, through {@link trainAndScore} like the preview (the same Rust trainer, at a job's priority).
 * Training is deterministic, so a retry after a crash makes the same model, and so does the preview:
 * a model whose hash does not open the job's model commitment could never settle (`settle` reverts
 * ModelMismatch), so the customer is refunded at once (MODEL_MISMATCH).
 */
export const trainStep: Step = async ({ deps, job, signal, progress }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  const terms = await deps.store.getQuoteTerms(job.quoteId)
  const dataset = await deps.store.getDataset(job.datasetId)
  if (!quote || !terms || !dataset) throw new PermanentJobError('the quote or dataset of this job is missing')
  if (!job.terms || !terms.modelSalt)
    throw new UnprovableJobError(UNPROVABLE_REASON.TERMS_MISMATCH, 'the job has no model commitment to open')
  progress({ phase: 'training', message: `training on ${dataset.rows} rows` })
  let result: Awaited<ReturnType<typeof trainAndScore>>
  try {
    result = await trainAndScore(
      { store: deps.store, dataKey: deps.dataKey },
      {
        dataset,
        params: quote.params,
        testSet: quote.testSet,
        priority: 'job',
        timeoutMs: deps.trainTimeoutMs,
        signal,
      },
    )
  } catch (error) {
    if (error instanceof DatasetRowsMissingError)
      throw new PermanentJobError('the quote or dataset of this job is missing', { cause: error })
    throw error
  }
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
