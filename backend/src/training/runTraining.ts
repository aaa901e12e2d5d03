import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { VeritreeError } from '@veritree/core/errors'
import { createSemaphore } from '../jobs/semaphore.ts'
import type { TrainAndEvaluateInput, TrainAndEvaluateResult } from './evaluate.ts'

// Training is CPU-bound: more threads than cores only makes every request slower.
const trainingSlot = createSemaphore(Math.max(1, availableParallelism() - 1))

/** Training took longer than its budget (the worker thread was stopped). */
export class TrainingTimeoutError extends VeritreeError<'training_timeout'> {
  override readonly name = 'TrainingTimeoutError'
  constructor(message: string) {
    super('training_timeout', message)
  }
}

/**
 * Runs {@link trainAndEvaluate} in a worker thread with a time limit and an abort signal. At most
 * (cores − 1) trainings run at once, the rest wait their turn; the time limit counts from the start.
 *
 * @example
 * const result = await runTraining({ datasetBytes, classes: 3, params, testSetBytes }, { timeoutMs: 60_000 })
 */
export function runTraining(
  input: TrainAndEvaluateInput,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TrainAndEvaluateResult> {
  return trainingSlot(() => trainInWorker(input, options))
}

function trainInWorker(
  input: TrainAndEvaluateInput,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TrainAndEvaluateResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.ts', import.meta.url))
    let settled = false
    const finish = (fn: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(new TrainingTimeoutError(`training did not finish within ${options.timeoutMs} ms`)),
        ),
      options.timeoutMs,
    )
    const onAbort = (): void => finish(() => reject(options.signal?.reason ?? new Error('training aborted')))
    if (options.signal?.aborted) return onAbort()
    options.signal?.addEventListener('abort', onAbort, { once: true })
    worker.once(
      'message',
      (message: { ok: true; result: TrainAndEvaluateResult } | { ok: false; message: string }) => {
        finish(() => (message.ok ? resolve(message.result) : reject(new Error(message.message))))
      },
    )
    worker.once('error', (error) => finish(() => reject(error)))
    worker.once('exit', (code) => finish(() => reject(new Error(`training worker exited with code ${code}`))))
    worker.postMessage(input)
  })
}
