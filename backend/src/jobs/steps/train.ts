import { thresholdMet } from '@veritree/core/canonical'
import { runTraining } from '../../training/index.ts'
import { unseal } from '../../vault/seal.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * training → proving: decrypts the dataset, retrains with the quote's parameters and scores the test
 * set. Training is deterministic, so a retry after a crash makes the same model.
 */
export const trainStep: Step = async ({ deps, job, signal, progress }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  const dataset = await deps.store.getDataset(job.datasetId)
  const blob = await deps.store.getSealedBlob(job.datasetId)
  if (!quote || !dataset || !blob) throw new PermanentJobError('the quote or dataset of this job is missing')
  progress({ phase: 'training', message: `training on ${dataset.rows} rows` })
  const datasetBytes = unseal(deps.dataKey, dataset.id, blob)
  const result = await runTraining(
    { datasetBytes, classes: dataset.classes.length, params: quote.params, testSetBytes: quote.testSet },
    { timeoutMs: deps.trainTimeoutMs, signal },
  )
  if (result.modelHash.toLowerCase() !== quote.modelHash.toLowerCase()) {
    // Not fatal (the proof is about this model), but it means training is not reproducible: say so loudly.
    deps.logger.error(
      { jobId: job.jobId, quoted: quote.modelHash, trained: result.modelHash },
      'retrained model differs from the previewed one',
    )
  }
  const met = thresholdMet(result.correct, result.total, job.thresholdBps)
  return {
    next: 'proving',
    patch: {
      model: result.modelBytes,
      modelHash: result.modelHash,
      correct: result.correct,
      total: result.total,
      met,
    },
    note: `${result.correct}/${result.total} correct, model ${result.modelHash}`,
  }
}
