import { Worker } from 'node:worker_threads'
import { VeritreeError } from '@veritree/core/errors'
import type { TrainAndEvaluateInput, TrainAndEvaluateResult } from './evaluate.ts'
import { sharedTrainingQueue } from './queue.ts'

/** Training took longer than its budget (the worker thread was stopped). */
export class TrainingTimeoutError extends VeritreeError<'training_timeout'> {
  override readonly name = 'TrainingTimeoutError'
  constructor(message: string) {
    super('training_timeout', message)
  }
}

/**
 * Runs {@link trainAndEvaluate} in a worker thread with a time limit and an abort signal, through the
 * shared training queue with a paid job's priority. Prefer {@link trainAndScore}, which also unseals the
 * dataset inside the slot.
 *
 * @example
 * const result = await runTraining({ datasetBytes, classes: 3, params, testSetBytes }, { timeoutMs: 60_000 })
 */
export function runTraining(
  input: TrainAndEvaluateInput,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<TrainAndEvaluateResult> {
  return sharedTrainingQueue.run(
    'job',
    (signal) => trainInWorker(input, { ...options, signal }),
    options.signal,
  )
}

/**
 * Trains in a fresh worker thread (no queueing: callers hold a slot). The time limit counts from the
 * start; an abort terminates the thread.
 */
export function trainInWorker(
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
