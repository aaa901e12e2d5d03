import { availableParallelism } from 'node:os'
import { VeritreeError } from '@veritree/core/errors'

/** Who asks for training: a paid job (always admitted, served first) or a free preview. */
export type TrainingPriority = 'job' | 'preview'

/** The queue had no place a preview may take; the client should retry after `retryAfterSeconds`. */
export class TrainingQueueFullError extends VeritreeError<'queue_full'> {
  override readonly name = 'TrainingQueueFullError'
  readonly retryAfterSeconds: number
  constructor(capacity: number, retryAfterSeconds: number) {
    super('queue_full', `the training queue is full (${capacity} places); try again shortly`, {
      details: { capacity },
    })
    this.retryAfterSeconds = retryAfterSeconds
  }
}

export type TrainingQueue = {
  /**
   * Runs `work` when a slot is free. Jobs wait as long as needed and go before every waiting preview;
   * a preview is refused at once ({@link TrainingQueueFullError}) when taking a place would leave none
   * free, so a paid job always finds a place. An aborted `signal` removes a waiting entry, and is
   * passed to `work` so a running one can stop.
   */
  run<T>(
    priority: TrainingPriority,
    work: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>
  /** Places taken (running + waiting), for tests and /health. */
  size(): { running: number; waiting: number }
}

type Waiter = { priority: TrainingPriority; start: () => void; cancel: (reason: unknown) => void }

/**
 * A bounded training queue shared by previews and paid jobs: `concurrency` trainings at once (CPU-bound,
 * so at most cores − 1), `capacity` places in all (running + waiting).
 *
 * @example
 * const queue = createTrainingQueue({ concurrency: 1, capacity: 8 })
 * await queue.run('preview', (signal) => train(signal), req.signal)
 */
export function createTrainingQueue(options: {
  concurrency: number
  capacity: number
  /** Retry-After given to refused previews. */
  retryAfterSeconds?: number
}): TrainingQueue {
  const { concurrency, capacity } = options
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be >= 1')
  if (!Number.isInteger(capacity) || capacity < concurrency + 1)
    throw new RangeError('capacity must exceed concurrency (one place is kept for paid jobs)')
  let running = 0
  const waiting: Waiter[] = []

  const next = (): void => {
    while (running < concurrency && waiting.length > 0) {
      // Jobs first, in arrival order; then previews in arrival order.
      const index = waiting.findIndex((w) => w.priority === 'job')
      const [waiter] = waiting.splice(index === -1 ? 0 : index, 1)
      running += 1
      waiter?.start()
    }
  }

  return {
    size: () => ({ running, waiting: waiting.length }),
    run<T>(
      priority: TrainingPriority,
      work: (signal: AbortSignal) => Promise<T>,
      signal?: AbortSignal,
    ): Promise<T> {
      const taken = running + waiting.length
      // A preview never takes the last free place: that one is kept for a paid job.
      if (priority === 'preview' && taken >= capacity - 1) {
        return Promise.reject(new TrainingQueueFullError(capacity, options.retryAfterSeconds ?? 30))
      }
      if (signal?.aborted) return Promise.reject(signal.reason)
      return new Promise<T>((resolve, reject) => {
        const controller = new AbortController()
        const onAbort = (): void => controller.abort(signal?.reason)
        signal?.addEventListener('abort', onAbort, { once: true })
        const waiter: Waiter = {
          priority,
          start: () => {
            // Free the slot before settling, so whoever awaits the result sees the queue as it now is.
            work(controller.signal)
              .finally(() => {
                signal?.removeEventListener('abort', onAbort)
                running -= 1
                next()
              })
              .then(resolve, reject)
          },
          cancel: reject,
        }
        // Leaving while still waiting frees the place at once.
        controller.signal.addEventListener(
          'abort',
          () => {
            const at = waiting.indexOf(waiter)
            if (at !== -1) {
              waiting.splice(at, 1)
              signal?.removeEventListener('abort', onAbort)
              waiter.cancel(controller.signal.reason)
            }
          },
          { once: true },
        )
        waiting.push(waiter)
        next()
      })
    },
  }
}

/**
 * The process-wide queue: training is CPU-bound, so one queue per process whatever asks. Capacity 8
 * bounds memory (each running or waiting preview holds its test set).
 */
export const sharedTrainingQueue: TrainingQueue = createTrainingQueue({
  concurrency: Math.max(1, availableParallelism() - 1),
  capacity: 8,
})
