import { join } from 'node:path'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { decodeJournal } from '@veritree/core/canonical'
import { ProverFailedError } from '../../prover/errors.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError, UnprovableJobError } from '../errors.ts'

/** `veritree-prover` exit code for "the receipt would exceed zkVerify's limits". */
export const PROVER_EXIT_TOO_LARGE = 3
/** Exit codes that mean the same input will fail again (1: refused input or guest, 2: usage). */
const PERMANENT_PROVER_EXITS = new Set([1, 2])

/**
 * proving → verifying: runs the RISC Zero prover on the model and the customer's test set, then checks
 * that the journal says what the job needs before anything is published or paid. A test set too large
 * to verify, or a prover that refuses the input, makes the job unprovable (refunded at once); a crash,
 * kill or timeout is retried.
 */
export const proveStep: Step = async ({ deps, job, signal, progress, withProvingSlot }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  const trained = job.training
  if (!quote || !trained) throw new PermanentJobError('the job reached proving without a trained model')
  progress({ phase: 'queued', message: 'waiting for a proving slot' })
  let result: Awaited<ReturnType<typeof deps.prover.prove>>
  try {
    result = await withProvingSlot(() =>
      deps.prover.prove({
        modelBytes: trained.model,
        testSetBytes: quote.testSet,
        jobId: job.jobId,
        thresholdBps: job.thresholdBps,
        workDir: join(deps.workDir, job.jobId.toLowerCase()),
        onProgress: (p) =>
          progress({
            phase: p.phase,
            ...(p.message === undefined ? {} : { message: p.message }),
            ...(p.fraction === undefined ? {} : { fraction: p.fraction }),
          }),
        signal,
        timeoutMs: deps.proveTimeoutMs,
      }),
    )
  } catch (error) {
    if (error instanceof ProverFailedError && error.signal === null && !signal.aborted) {
      if (error.exitCode === PROVER_EXIT_TOO_LARGE)
        throw new UnprovableJobError(
          UNPROVABLE_REASON.TEST_SET_TOO_LARGE,
          "the test set is too large: its receipt would exceed zkVerify's limits",
          { cause: error },
        )
      if (error.exitCode !== null && PERMANENT_PROVER_EXITS.has(error.exitCode))
        throw new UnprovableJobError(UNPROVABLE_REASON.PROVER_FAILED, 'the prover refused this job', {
          cause: error,
        })
    }
    throw error
  }
  const imageId = await deps.proverImageId()
  if (imageId && imageId.toLowerCase() !== result.imageId.toLowerCase())
    throw new PermanentJobError(`the prover proved image ${result.imageId}, expected ${imageId}`)
  const journal = decodeJournal(result.journal)
  const expect = (ok: boolean, what: string): void => {
    if (!ok)
      throw new UnprovableJobError(
        UNPROVABLE_REASON.PROVER_FAILED,
        `the proof's journal does not match the job: ${what}`,
      )
  }
  expect(journal.jobId.toLowerCase() === job.jobId.toLowerCase(), 'job id')
  expect(journal.testSetHash.toLowerCase() === job.testSetHash.toLowerCase(), 'test-set hash')
  expect(journal.modelHash.toLowerCase() === trained.modelHash.toLowerCase(), 'model hash')
  expect(Number(journal.thresholdBps) === job.thresholdBps, 'threshold')
  expect(
    Number(journal.correct) === trained.correct && Number(journal.total) === trained.total,
    `accuracy ${journal.correct}/${journal.total} vs ${trained.correct}/${trained.total} from training`,
  )
  return {
    next: 'verifying',
    patch: {
      proof: {
        imageId: result.imageId,
        journal: result.journal,
        receiptPath: result.receiptPath,
        stats: {
          cycles: result.cycles ?? null,
          segments: result.segments ?? null,
          provingMs: result.provingMs ?? null,
          receiptBytes: result.receiptBytes ?? null,
        },
      },
    },
    note: `proved: ${journal.correct}/${journal.total}, met=${journal.met}`,
  }
}
