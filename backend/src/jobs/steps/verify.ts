import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * verifying → settling: gets the receipt verified and its statement into a published aggregation.
 * Checks first, then acts: the verifier's submission is stored the moment it is made, and a retry
 * hands it back (`resume`) so the same proof is never submitted twice.
 */
export const verifyStep: Step = async ({ deps, job, holder, signal, progress }) => {
  const proof = job.proof
  if (!proof) throw new PermanentJobError('the job reached verifying without a receipt')
  const resume = job.verification?.submission ?? null
  let submission = resume
  progress({
    phase: 'verifying',
    message: resume
      ? `waiting for the aggregation of the earlier submission (${deps.verifier.mode} zkVerify)`
      : `verifying the receipt (${deps.verifier.mode} zkVerify)`,
  })
  const aggregation = await deps.verifier.verify(
    { receiptPath: proof.receiptPath, imageId: proof.imageId, journal: proof.journal },
    {
      signal,
      resume,
      onSubmitted: async (submitted) => {
        submission = submitted
        const saved = await deps.store.patchJob(
          job.pk,
          holder,
          { verification: { submission: submitted, aggregation: null } },
          Date.now(),
        )
        if (!saved) throw new Error('lost the job while storing its verifier submission')
      },
    },
  )
  return {
    next: 'settling',
    patch: { verification: { submission, aggregation } },
    note: `aggregation ${aggregation.aggregationId} (domain ${aggregation.domainId})`,
  }
}
