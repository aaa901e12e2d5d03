import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/** opened → training: checks the job still has what training needs, then hands over. */
export const openStep: Step = async ({ deps, job }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  if (!quote) throw new PermanentJobError(`quote ${job.quoteId} is gone; the job cannot be trained`)
  const dataset = await deps.store.getDataset(job.datasetId)
  if (!dataset) throw new PermanentJobError(`dataset ${job.datasetId} is gone; the job cannot be trained`)
  return { next: 'training', patch: {} }
}
