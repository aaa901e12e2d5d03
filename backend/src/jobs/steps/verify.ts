import type { AggregationProof, VerifySubmission } from '../../attest/types.ts'
import type { ProofResult } from '../../db/index.ts'
import type { PipelineDeps, Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * Gets a receipt verified and its statement into a published aggregation, for a job or a feed request.
 * Checks first, then acts: `save` stores the verifier's submission the moment it is made (it must
 * throw if the claim was lost), and a retry hands it back as `resume` so the same proof is never
 * submitted twice.
 */
export async function verifyProof(
  deps: Pick<PipelineDeps, 'verifier'>,
  request: {
    proof: Pick<ProofResult, 'receiptPath' | 'imageId' | 'journal'>
    resume: VerifySubmission | null
    signal: AbortSignal
    progress(p: { phase: string; message: string }): void
    save(submission: VerifySubmission): Promise<void>
  },
): Promise<{ submission: VerifySubmission | null; aggregation: AggregationProof }> {
  const { proof, resume } = request
  let submission = resume
  request.progress({
    phase: 'verifying',
    message: resume
      ? `waiting for the aggregation of the earlier submission (${deps.verifier.mode} zkVerify)`
      : `verifying the receipt (${deps.verifier.mode} zkVerify)`,
  })
  const aggregation = await deps.verifier.verify(
    { receiptPath: proof.receiptPath, imageId: proof.imageId, journal: proof.journal },
    {
      signal: request.signal,
      resume,
      onSubmitted: async (submitted) => {
        submission = submitted
        await request.save(submitted)
      },
    },
  )
  return { submission, aggregation }
}

/** verifying → settling for a sale job: {@link verifyProof} on the job's receipt. */
export const verifyStep: Step = async ({ deps, job, holder, signal, progress }) => {
  const proof = job.proof
  if (!proof) throw new PermanentJobError('the job reached verifying without a receipt')
  const { submission, aggregation } = await verifyProof(deps, {
    proof,
    resume: job.verification?.submission ?? null,
    signal,
    progress,
    save: async (submitted) => {
      const saved = await deps.store.patchJob(
        job.pk,
        holder,
        { verification: { submission: submitted, aggregation: null } },
        Date.now(),
      )
      if (!saved) throw new Error('lost the job while storing its verifier submission')
    },
  })
  return {
    next: 'settling',
    patch: { verification: { submission, aggregation } },
    note: `aggregation ${aggregation.aggregationId} (domain ${aggregation.domainId})`,
  }
}
