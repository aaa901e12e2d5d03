/**
 * Collects items into batches, flushed when `maxSize` items wait or the oldest has waited `maxWaitMs`.
 * Batches run one at a time, in order (so aggregation ids and publishing transactions stay in order).
 */

/** Parameters of {@link createBatcher}. */
export type BatcherOptions<T, R> = {
  /** Flush as soon as this many items wait (>= 1). */
  maxSize: number
  /** Flush when the oldest waiting item has waited this long (>= 0). */
  maxWaitMs: number
  /** Handles one batch; returns one result per item, in order. A throw rejects every item of the batch. */
  run: (items: T[]) => Promise<R[]>
}

export type Batcher<T, R> = {
  /** Queues `item`; resolves with its result. An abort rejects at once, and before the item's batch starts
   * also removes it from the queue. */
  add(item: T, options?: { signal?: AbortSignal }): Promise<R>
  /** Flushes whatever waits now and resolves when every batch started so far has finished. */
  flush(): Promise<void>
  /** Number of items waiting for a batch. */
  readonly pending: number
}

type Waiting<T, R> = {
  item: T
  resolve: (result: R) => void
  reject: (error: unknown) => void
}

/**
 * Creates a {@link Batcher}.
 *
 * @example
 * const batcher = createBatcher({ maxSize: 8, maxWaitMs: 2000, run: async (xs) => publish(xs) })
 * const proof = await batcher.add(statement)
 */
export function createBatcher<T, R>(options: BatcherOptions<T, R>): Batcher<T, R> {
  const { maxSize, maxWaitMs, run } = options
  if (!Number.isSafeInteger(maxSize) || maxSize < 1)
    throw new Error(`batch maxSize must be an integer >= 1, got ${maxSize}`)
  if (!Number.isFinite(maxWaitMs) || maxWaitMs < 0)
    throw new Error(`batch maxWaitMs must be >= 0, got ${maxWaitMs}`)

  const queue: Waiting<T, R>[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  function startTimer(): void {
    if (timer === undefined && queue.length > 0) timer = setTimeout(cut, maxWaitMs)
  }

  function cut(): void {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    const batch = queue.splice(0, maxSize)
    startTimer()
    if (batch.length === 0) return
    running = running.then(() => runBatch(batch))
  }

  async function runBatch(batch: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await run(batch.map((w) => w.item))
      if (results.length !== batch.length) {
        throw new Error(`batch handler returned ${results.length} results for ${batch.length} items`)
      }
      batch.forEach((w, i) => {
        w.resolve(results[i])
      })
    } catch (error) {
      for (const w of batch) w.reject(error)
    }
  }

  return {
    add(item, { signal } = {}) {
      return new Promise<R>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason)
          return
        }
        // An abort releases the caller at any time; before its batch starts it also leaves the queue.
        // After that the item stays in its batch, because the other items need the aggregation.
        const onAbort = () => {
          const at = queue.indexOf(waiting)
          if (at >= 0) queue.splice(at, 1)
          if (queue.length === 0 && timer !== undefined) {
            clearTimeout(timer)
            timer = undefined
          }
          reject(signal?.reason)
        }
        const waiting: Waiting<T, R> = {
          item,
          resolve: (result) => {
            signal?.removeEventListener('abort', onAbort)
            resolve(result)
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort)
            reject(error)
          },
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(waiting)
        if (queue.length >= maxSize) cut()
        else startTimer()
      })
    },
    async flush() {
      while (queue.length > 0) cut()
      await running
    },
    get pending() {
      return queue.length
    },
  }
}
