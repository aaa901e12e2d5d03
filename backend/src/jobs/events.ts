import { EventEmitter } from 'node:events'
import type { Hex } from 'viem'
import type { JobError, JobProgress, JobState } from '../db/index.ts'

export type JobEvent =
  | { type: 'state'; state: JobState; error: JobError | null }
  | { type: 'progress'; progress: JobProgress }

/** In-process fan-out of job state and progress to SSE subscribers. */
export class JobEvents {
  readonly #emitter = new EventEmitter()

  constructor() {
    // One listener per open SSE stream; there is no fixed bound worth warning about.
    this.#emitter.setMaxListeners(0)
  }

  emit(jobId: Hex, event: JobEvent): void {
    this.#emitter.emit(jobId.toLowerCase(), event)
  }

  /** Subscribes to one job's events; returns the unsubscribe function. */
  subscribe(jobId: Hex, listener: (event: JobEvent) => void): () => void {
    const key = jobId.toLowerCase()
    this.#emitter.on(key, listener)
    return () => this.#emitter.off(key, listener)
  }
}
