import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/** verifying → settling: gets the receipt verified and its statement into a published aggregation. */
export const verifyStep: Step = async ({ deps, job, signal, progress }) => {
  if (!job.receiptPath || !job.imageId || !job.journal)
    throw new PermanentJobError('the job reached verifying without a receipt')
  progress({ phase: 'verifying', message: `verifying the receipt (${deps.verifier.mode} zkVerify)` })
  const aggregation = await deps.verifier.verify(
    { receiptPath: job.receiptPath, imageId: job.imageId, journal: job.journal },
    { signal },
  )
  return {
    next: 'settling',
    patch: { aggregation },
    note: `aggregation ${aggregation.aggregationId} (domain ${aggregation.domainId})`,
  }
}
