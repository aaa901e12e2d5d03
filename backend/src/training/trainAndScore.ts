import { decodeTable, evaluate, type Model } from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import type { Hex } from 'viem'
import type { DatasetRecord, Store } from '../db/index.ts'
import type { RunOptions } from '../prover/runProver.ts'
import { trainWithProver } from '../prover/train.ts'
import type { DataKey } from '../vault/dataKey.ts'
import { unseal } from '../vault/seal.ts'
import { DatasetRowsMissingError, TrainingTimeoutError } from './errors.ts'
import { sharedTrainingQueue, type TrainingPriority, type TrainingQueue } from './queue.ts'

/** What {@link trainAndScore} needs: where the sealed rows live and the key that opens them. */
export type TrainAndScoreDeps = {
  store: Pick<Store, 'getSealedBlob'>
  dataKey: DataKey
  /** Defaults to the process-wide {@link sharedTrainingQueue}. */
  queue?: TrainingQueue
  /** Environment for the trainer CLI (e.g. VERITREE_PROVER_BIN); process.env's when omitted. */
  proverEnv?: RunOptions['env']
}

export type TrainAndScoreRequest = {
  dataset: Pick<DatasetRecord, 'id' | 'classes'>
  params: TrainingParams
  /** Canonical test-set bytes. */
  testSet: Uint8Array
  /** 'job' for paid jobs (never refused, served first), 'preview' for previews. */
  priority: TrainingPriority
  timeoutMs: number
  signal?: AbortSignal
}

/** A trained model (canonical bytes and hash) and its score on the test set. */
export type TrainAndScoreResult = {
  model: Model
  modelBytes: Uint8Array
  modelHash: Hex
  correct: number
  total: number
}

/**
 * Unseal, train, score: the one path from a sealed dataset to a scored model, used by previews and
 * paid jobs alike, so a job's retrained model has the preview's bytes and hash. Training runs in the
 * Rust trainer (`veritree-prover train`, a child process fed the plaintext on stdin). Waits for a
 * training slot first and only then decrypts the dataset, so waiting requests hold no plaintext and
 * cost no CPU. A timeout or an abort kills the child.
 *
 * @throws {TrainingQueueFullError} a preview found no free place (never for jobs)
 * @throws {TrainingTimeoutError} training overran `timeoutMs`
 * @throws {DatasetRowsMissingError} the store has no rows for the dataset
 * @throws {ProverNotBuiltError} | {ProverFailedError} the trainer is missing or failed
 * @throws the `signal`'s reason when aborted (client gone, job cancelled)
 * @example
 * const { modelHash, correct, total } = await trainAndScore(deps, {
 *   dataset, params: quote.params, testSet: quote.testSet, priority: 'job', timeoutMs: 600_000, signal,
 * })
 */
export function trainAndScore(
  deps: TrainAndScoreDeps,
  request: TrainAndScoreRequest,
): Promise<TrainAndScoreResult> {
  const queue = deps.queue ?? sharedTrainingQueue
  return queue.run(
    request.priority,
    async (signal) => {
      const testSet = decodeTable(request.testSet)
      const blob = await deps.store.getSealedBlob(request.dataset.id)
      if (!blob) throw new DatasetRowsMissingError(request.dataset.id)
      signal.throwIfAborted()
      const trained = await withTimeout(request.timeoutMs, signal, (killSignal) =>
        trainWithProver({
          dataset: unseal(deps.dataKey, request.dataset.id, blob),
          classes: request.dataset.classes.length,
          params: request.params,
          signal: killSignal,
          ...(deps.proverEnv ? { env: deps.proverEnv } : {}),
        }),
      )
      if (testSet.features !== trained.model.features) {
        throw new Error(
          `the test set has ${testSet.features} features, the dataset ${trained.model.features}`,
        )
      }
      const { correct, total } = evaluate(trained.model, testSet)
      return {
        model: trained.model,
        modelBytes: trained.modelBytes,
        modelHash: trained.modelHash,
        correct: Number(correct),
        total: Number(total),
      }
    },
    request.signal,
  )
}

/**
 * Runs `work` with a signal that fires on `signal` or after `timeoutMs`, and says which: the caller's
 * abort rethrows its reason, the timer a {@link TrainingTimeoutError} (the prover's own kill error,
 * which carries its stderr, is dropped in both cases).
 */
async function withTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal,
  work: (killSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timer = new AbortController()
  const handle = setTimeout(() => timer.abort(), timeoutMs)
  try {
    return await work(AbortSignal.any([signal, timer.signal]))
  } catch (error) {
    signal.throwIfAborted()
    if (timer.signal.aborted) throw new TrainingTimeoutError(`training did not finish within ${timeoutMs} ms`)
    throw error
  } finally {
    clearTimeout(handle)
  }
}
