import { join } from 'node:path'
import { modelCommitment, UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { decodeSaleJournal } from '@veritree/core/canonical'
import { ProverFailedError, ProverInputTooLargeError } from '../../prover/errors.ts'
import { unseal } from '../../vault/seal.ts'
import type { ProveInputs, ProveResult, Step } from '../deps.ts'
import { PermanentJobError, UnprovableJobError } from '../errors.ts'

/** `veritree-prover` exit code for "the receipt would exceed zkVerify's limits". */
export const PROVER_EXIT_TOO_LARGE = 3
/** Exit codes that mean the same input will fail again (1: refused input or guest, 2: usage). */
const PERMANENT_PROVER_EXITS = new Set([1, 2])

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * The refund a prover failure calls for, or null when it is transient (crash, kill, timeout, our own
 * abort) and should be retried: exit 3 means the receipt would exceed zkVerify's limits
 * (TEST_SET_TOO_LARGE), exits 1 and 2 that the prover refused the input (PROVER_FAILED). Shared by
 * sale jobs and feed requests.
 */
export function proverFailure(error: unknown, signal: AbortSignal): UnprovableJobError | null {
  // The CLI's structured refusal (exit 3 with its JSON report): the cost bound says it cannot fit.
  if (error instanceof ProverInputTooLargeError)
    return new UnprovableJobError(
      UNPROVABLE_REASON.TEST_SET_TOO_LARGE,
      "the input is too large: its receipt would exceed zkVerify's limits",
      { cause: error },
    )
  if (!(error instanceof ProverFailedError) || error.signal !== null || signal.aborted) return null
  if (error.exitCode === PROVER_EXIT_TOO_LARGE)
    return new UnprovableJobError(
      UNPROVABLE_REASON.TEST_SET_TOO_LARGE,
      "the input is too large: its receipt would exceed zkVerify's limits",
      { cause: error },
    )
  if (error.exitCode !== null && PERMANENT_PROVER_EXITS.has(error.exitCode))
    return new UnprovableJobError(UNPROVABLE_REASON.PROVER_FAILED, 'the prover refused this input', {
      cause: error,
    })
  return null
}

/**
 * proving → verifying: runs the RISC Zero prover in the job's journal format, then checks that the
 * journal says what the job needs before anything is published or paid:
 * - format 1: the guest evaluates the model training produced on the customer's test set;
 * - format 2: the guest gets the vendor's dataset (decrypted only inside the proving slot; the
 *   prover's copy on disk is deleted when it ends), the parameters and the test set, and trains the model itself. Its model must open
 *   the job's model commitment (else the customer is refunded, MODEL_MISMATCH, as for a retrained
 *   model that differs), and its dataset and parameter hashes must be the market's and the job's
 *   (settle would revert otherwise).
 * A test set too large to verify, or a prover that refuses the input, makes the job unprovable
 * (refunded at once); a crash, kill or timeout is retried.
 */
export const proveStep: Step = async ({ deps, job, signal, progress, withProvingSlot }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  const trained = job.training
  if (!quote || !trained || !job.terms)
    throw new PermanentJobError('the job reached proving without a trained model and bound terms')
  const format = job.terms.journalFormat
  const dataset = await deps.store.getDataset(job.datasetId)
  if (!dataset) throw new PermanentJobError(`dataset ${job.datasetId} is gone; the job cannot be proven`)

  /** The guest's inputs, built inside the slot: format 2's plaintext dataset lives only while proving. */
  const inputs = async (): Promise<ProveInputs> => {
    if (format === 1) return { format: 1, modelBytes: trained.model }
    const blob = await deps.store.getSealedBlob(job.datasetId)
    if (!blob) throw new PermanentJobError(`the sealed rows of dataset ${job.datasetId} are gone`)
    return {
      format: 2,
      datasetBytes: unseal(deps.dataKey, dataset.id, blob),
      params: quote.params,
    }
  }
  progress({ phase: 'queued', message: 'waiting for a proving slot' })
  let result: ProveResult
  try {
    result = await withProvingSlot(async () =>
      deps.prover.prove({
        ...(await inputs()),
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
    throw proverFailure(error, signal) ?? error
  }
  const imageId = await deps.proverImageId()
  if (imageId && !same(imageId, result.imageId))
    throw new PermanentJobError(`the prover proved image ${result.imageId}, expected ${imageId}`)
  const journal = decodeSaleJournal(result.journal)
  const expect = (ok: boolean, what: string): void => {
    if (!ok)
      throw new UnprovableJobError(
        UNPROVABLE_REASON.PROVER_FAILED,
        `the proof's journal does not match the job: ${what}`,
      )
  }
  expect(journal.format === format, `format ${journal.format}, the job's is ${format}`)
  expect(same(journal.jobId, job.jobId), 'job id')
  expect(same(journal.testSetHash, job.testSetHash), 'test-set hash')
  expect(Number(journal.thresholdBps) === job.thresholdBps, 'threshold')
  if (journal.format === 2) {
    expect(same(journal.datasetCommitment, dataset.commitment), "dataset commitment (not the market's)")
    expect(same(journal.paramsHash, job.terms.paramsHash), "parameters hash (not the job's)")
    const terms = await deps.store.getQuoteTerms(job.quoteId)
    if (
      !terms?.modelSalt ||
      !same(modelCommitment(journal.modelHash, terms.modelSalt), job.terms.modelCommitment)
    ) {
      deps.logger.error(
        { jobId: job.jobId, trainedInProof: journal.modelHash, trained: trained.modelHash },
        'the model trained inside the proof does not open the job’s model commitment',
      )
      throw new UnprovableJobError(
        UNPROVABLE_REASON.MODEL_MISMATCH,
        'the model trained inside the proof differs from the quoted one, so it cannot settle this job',
      )
    }
  }
  expect(same(journal.modelHash, trained.modelHash), 'model hash')
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
    note: `proved format ${journal.format}: ${journal.correct}/${journal.total}, met=${journal.met}`,
  }
}
