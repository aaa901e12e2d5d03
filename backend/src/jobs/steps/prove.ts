import { join } from 'node:path'
import { decodeJournal } from '@veritree/core/canonical'
import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * proving → verifying: runs the RISC Zero prover on the model and the customer's test set, then checks
 * that the journal says what the job needs before anything is published or paid.
 */
export const proveStep: Step = async ({ deps, job, signal, progress, withProvingSlot }) => {
  const quote = await deps.store.getQuote(job.quoteId)
  if (!quote || !job.model || !job.modelHash)
    throw new PermanentJobError('the job reached proving without a trained model')
  const model = job.model
  progress({ phase: 'queued', message: 'waiting for a proving slot' })
  const result = await withProvingSlot(() =>
    deps.prover.prove({
      modelBytes: model,
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
  const journal = decodeJournal(result.journal)
  const expect = (ok: boolean, what: string): void => {
    if (!ok) throw new PermanentJobError(`the proof's journal does not match the job: ${what}`)
  }
  expect(journal.jobId.toLowerCase() === job.jobId.toLowerCase(), 'job id')
  expect(journal.testSetHash.toLowerCase() === job.testSetHash.toLowerCase(), 'test-set hash')
  expect(journal.modelHash.toLowerCase() === job.modelHash.toLowerCase(), 'model hash')
  expect(Number(journal.thresholdBps) === job.thresholdBps, 'threshold')
  expect(
    Number(journal.correct) === job.correct && Number(journal.total) === job.total,
    `accuracy ${journal.correct}/${journal.total} vs ${job.correct}/${job.total} from training`,
  )
  return {
    next: 'verifying',
    patch: {
      imageId: result.imageId,
      journal: result.journal,
      receiptPath: result.receiptPath,
      met: journal.met,
      prove: {
        cycles: result.cycles ?? null,
        segments: result.segments ?? null,
        provingMs: result.provingMs ?? null,
        receiptBytes: result.receiptBytes ?? null,
      },
    },
    note: `proved: ${journal.correct}/${journal.total}, met=${journal.met}`,
  }
}
