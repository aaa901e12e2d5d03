import { join } from 'node:path'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { decodeInferenceJournal, predictionsHash } from '@veritree/core/canonical'
import { hexToBytes } from 'viem'
import { readVerifierConfig } from '../../chain/market.ts'
import { PermanentJobError, UnprovableJobError } from '../../jobs/errors.ts'
import { proverFailure } from '../../jobs/steps/prove.ts'
import type { FeedStep } from '../deps.ts'

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * proving → verifying for a request: proves the feed's model (the sale's, held by the backend) on the
 * stored inputs in guest mode 3, then checks the journal names this request, the feed's model, the
 * request's inputs and count, and commits exactly the predictions the host returned, before anything
 * is published. Before proving, the request's verifier config must use this backend's image
 * (VERIFIER_MISMATCH otherwise) and the model must be the feed's (MODEL_MISMATCH). A prover that
 * refuses the input, or inputs too large for zkVerify, refund the request; a crash is retried.
 */
export const proveRequestStep: FeedStep = async ({
  deps,
  request,
  feed,
  signal,
  progress,
  withProvingSlot,
}) => {
  const sale = await deps.store.getJob(feed.saleJobId)
  const model = sale?.training
  if (!model || !same(model.modelHash, feed.modelHash))
    throw new UnprovableJobError(
      UNPROVABLE_REASON.MODEL_MISMATCH,
      "the backend does not hold the feed's model",
    )
  const inputs = await deps.store.getFeedInputs(feed.pk, request.inputsHash)
  if (!inputs || inputs.rows !== request.count)
    throw new UnprovableJobError(
      UNPROVABLE_REASON.TERMS_MISMATCH,
      'the backend holds no input rows with this hash and count',
    )
  const [config, imageId] = await Promise.all([
    readVerifierConfig(deps.publicClient, deps.factory, request.verifierId),
    deps.proverImageId(),
  ])
  if (!imageId) throw new Error('the prover is not built; waiting for it')
  if (!same(config.imageId, imageId))
    throw new UnprovableJobError(
      UNPROVABLE_REASON.VERIFIER_MISMATCH,
      `the request is verified against image ${config.imageId}; this backend proves ${imageId}`,
    )

  progress({ phase: 'queued', message: 'waiting for a proving slot' })
  const result = await withProvingSlot(() =>
    deps.inferenceProver.proveInference({
      modelBytes: model.model,
      inputsBytes: inputs.inputs,
      requestId: request.requestId,
      workDir: join(deps.workDir, 'feeds', request.requestId.toLowerCase()),
      onProgress: (p) =>
        progress({
          phase: p.phase,
          ...(p.message === undefined ? {} : { message: p.message }),
          ...(p.fraction === undefined ? {} : { fraction: p.fraction }),
        }),
      signal,
      timeoutMs: deps.proveTimeoutMs,
    }),
  ).catch((error: unknown) => {
    throw proverFailure(error, signal) ?? error
  })
  if (!same(result.imageId, imageId))
    throw new PermanentJobError(`the prover proved image ${result.imageId}, expected ${imageId}`)
  const journal = decodeInferenceJournal(result.journal)
  const expect = (ok: boolean, what: string): void => {
    if (!ok)
      throw new UnprovableJobError(
        UNPROVABLE_REASON.PROVER_FAILED,
        `the proof's journal does not match the request: ${what}`,
      )
  }
  expect(same(journal.requestId, request.requestId), 'request id')
  expect(same(journal.modelHash, feed.modelHash), 'model hash')
  expect(same(journal.inputsHash, request.inputsHash), 'inputs hash')
  expect(journal.count === request.count, `count ${journal.count}, the request's is ${request.count}`)
  const predictions = hexToBytes(result.predictions)
  expect(
    predictions.length === 2 * request.count && same(predictionsHash(predictions), journal.predictionsHash),
    'the predictions are not the ones the journal commits to',
  )
  return {
    next: 'verifying',
    patch: {
      proof: {
        imageId: result.imageId,
        journal: result.journal,
        predictions: result.predictions,
        receiptPath: result.receiptPath,
        stats: {
          cycles: result.cycles ?? null,
          segments: result.segments ?? null,
          provingMs: result.provingMs ?? null,
          receiptBytes: result.receiptBytes ?? null,
        },
      },
    },
    note: `proved ${journal.count} predictions`,
  }
}
