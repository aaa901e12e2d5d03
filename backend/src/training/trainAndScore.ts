import type { TrainingParams } from '@veritree/core/training'
import type { DatasetRecord, Store } from '../db/index.ts'
import type { DataKey } from '../vault/dataKey.ts'
import { unseal } from '../vault/seal.ts'
import type { TrainAndEvaluateResult } from './evaluate.ts'
import { sharedTrainingQueue, type TrainingPriority, type TrainingQueue } from './queue.ts'
import { trainInWorker } from './runTraining.ts'

/** What {@link trainAndScore} needs: where the sealed rows live and the key that opens them. */
export type TrainAndScoreDeps = {
  store: Pick<Store, 'getSealedBlob'>
  dataKey: DataKey
  /** Defaults to the process-wide {@link sharedTrainingQueue}. */
  queue?: TrainingQueue
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

/**
 * Unseal, train, score: the one path from a sealed dataset to a scored model, used by previews and
 * paid jobs alike. Waits for a training slot first and only then decrypts the dataset, so waiting
 * requests hold no plaintext and cost no CPU. Deterministic: the same dataset, parameters and test set
 * give the same model bytes and hash.
 *
 * @throws {TrainingQueueFullError} a preview found no free place (never for jobs)
 * @throws {TrainingTimeoutError} training overran `timeoutMs`
 * @throws the `signal`'s reason when aborted (client gone, job cancelled)
 * @example
 * const { modelHash, correct, total } = await trainAndScore(deps, {
 *   dataset, params: quote.params, testSet: quote.testSet, priority: 'job', timeoutMs: 600_000, signal,
 * })
 */
export function trainAndScore(
  deps: TrainAndScoreDeps,
  request: TrainAndScoreRequest,
): Promise<TrainAndEvaluateResult> {
  const queue = deps.queue ?? sharedTrainingQueue
  return queue.run(
    request.priority,
    async (signal) => {
      const blob = await deps.store.getSealedBlob(request.dataset.id)
      if (!blob) throw new Error(`dataset ${request.dataset.id} has no stored rows`)
      signal.throwIfAborted()
      return trainInWorker(
        {
          datasetBytes: unseal(deps.dataKey, request.dataset.id, blob),
          classes: request.dataset.classes.length,
          params: request.params,
          testSetBytes: request.testSet,
        },
        { timeoutMs: request.timeoutMs, signal },
      )
    },
    request.signal,
  )
}
