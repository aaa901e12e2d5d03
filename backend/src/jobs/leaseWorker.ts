import { randomUUID } from 'node:crypto'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import type { JobError, JobProgress } from '@veritree/core/api'
import { errorMessage } from '@veritree/core/errors'
import type { Logger } from 'pino'
import type { Hex } from 'viem'
import { retryDelayMs } from './backoff.ts'
import { LostLeaseError, PermanentJobError, publicJobError, UnprovableJobError } from './errors.ts'
import type { JobEvent } from './events.ts'
import { createSemaphore } from './semaphore.ts'

export type JobWorkerOptions = {
  /** Identifies this worker in claims; unique per process run. */
  holder?: string
  /** How long a claim lasts without a heartbeat (a crashed worker's job comes back after this). */
  leaseMs?: number
  heartbeatMs?: number
  pollMs?: number
  baseRetryDelayMs?: number
  maxRetryDelayMs?: number
  /** Jobs worked on at once (proving has its own, smaller limit). */
  slots?: number
  proveConcurrency?: number
  /** Shares the proving limit with another worker (sale jobs and feed requests prove on one machine). */
  withProvingSlot?: <T>(work: () => Promise<T>) => Promise<T>
  /**
   * Test hook (VERITREE_TEST_CRASH_AT): kill this process with SIGKILL right after a step that ran in
   * this state has written its transition, to test recovery from a crash at each stage.
   */
  crashAfter?: string | null
}

export type JobWorker = {
  readonly holder: string
  start(): void
  /** Looks for work now (e.g. right after the watcher recorded a job). */
  kick(): void
  /** Stops claiming, aborts running steps and waits for them to release their jobs. */
  stop(): Promise<void>
  /**
   * Test hook that imitates a crash: aborts running steps without writing anything, so their claims
   * stay until the lease expires, as after a killed process.
   */
  crash(): Promise<void>
  /** Resolves when no job is being worked on. */
  idle(): Promise<void>
}

/** What the worker needs of a claimed row. */
export type LeasedRecord<S extends string> = { pk: number; state: S; attempts: number }

/** What a step gets besides its record: the claim, progress reporting, cancellation, the proving slot. */
export type LaneContext = {
  holder: string
  signal: AbortSignal
  progress(progress: Omit<JobProgress, 'at'>): void
  /** Runs `work` while holding the pipeline's proving slot (concurrency limit). */
  withProvingSlot<T>(work: () => Promise<T>): Promise<T>
}

/**
 * One durable pipeline the worker drives: sale jobs (jobs/worker.ts) or feed requests
 * (feeds/worker.ts). The store calls are the claim/lease/transition rules of `db/sqlite/lease.ts`.
 */
export type WorkLane<S extends string, R extends LeasedRecord<S>, P> = {
  /** 'job' or 'feed request', for logs. */
  name: string
  /** The log field naming the record ('jobId', 'requestId'). */
  idKey: string
  idOf(record: R): Hex
  logger: Logger
  events: { emit(id: Hex, event: JobEvent | { type: 'state'; state: S; error: JobError | null }): void }
  claim(holder: string, now: number, leaseMs: number): Promise<R | null>
  heartbeat(pk: number, holder: string, leaseExpiresAt: number): Promise<boolean>
  advance(pk: number, holder: string, from: S, to: S, patch: P, now: number, note?: string): Promise<boolean>
  retry(pk: number, holder: string, error: JobError, runAfter: number, now: number): Promise<boolean>
  fail(pk: number, holder: string, from: S, reason: JobError, now: number): Promise<boolean>
  setProgress(pk: number, progress: JobProgress): Promise<void>
  /** Runs the step for the record's state; returns the next state and the results to write with it. */
  runStep(record: R, context: LaneContext): Promise<{ next: S; patch: P; note?: string }>
  /** States before settle: a permanent failure there refunds the customer (the escrow is still Open). */
  beforeSettle: ReadonlySet<S>
  /** The state that refunds, and the patch that records why. */
  refunding: S
  refundPatch(reason: number): P
}

/**
 * The durable pipeline worker. Claims one record at a time per free slot, runs the step for its state
 * with a heartbeat, and releases it with exactly one of advance, retry or fail (matching on its holder
 * id, so a worker that lost its lease writes nothing). Every state is written before its work starts.
 *
 * Every recorded job is paid, so a transient failure is retried with a capped backoff and no attempt
 * limit. A job that can never be proven goes to `refunding` (the customer is refunded in full on-chain);
 * only a failure after that point, or in the refund itself, ends in `failed` for an operator to look at.
 * Published errors are `{ code, message }` without internals; the details go to the log.
 */
export function createLeaseWorker<S extends string, R extends LeasedRecord<S>, P>(
  lane: WorkLane<S, R, P>,
  options: JobWorkerOptions = {},
): JobWorker {
  const holder = options.holder ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`
  const leaseMs = options.leaseMs ?? 60_000
  const heartbeatMs = options.heartbeatMs ?? Math.floor(leaseMs / 3)
  const pollMs = options.pollMs ?? 1_000
  const baseRetryDelayMs = options.baseRetryDelayMs ?? 2_000
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5 * 60_000
  const slots = options.slots ?? 2
  const withProvingSlot = options.withProvingSlot ?? createSemaphore(options.proveConcurrency ?? 1)
  const { logger, events } = lane

  const running = new Map<number, { controller: AbortController; done: Promise<void> }>()
  let timer: NodeJS.Timeout | null = null
  let stopped = true
  let crashed = false
  let filling = false
  let runs = 0
  const idleWaiters: Array<() => void> = []

  const fill = async (): Promise<void> => {
    if (filling || stopped) return
    filling = true
    try {
      while (!stopped && running.size < slots) {
        const job = await lane.claim(holder, Date.now(), leaseMs)
        if (!job) break
        const controller = new AbortController()
        // Keyed per run, not per job: a job released by one run may be claimed again before that
        // run's cleanup has happened.
        runs += 1
        const run = runs
        const done = runJob(job, controller).finally(() => {
          running.delete(run)
          if (running.size === 0) for (const resolve of idleWaiters.splice(0)) resolve()
          if (!stopped) void fill()
        })
        running.set(run, { controller, done })
      }
    } catch (error) {
      logger.error({ err: error }, `claiming a ${lane.name} failed`)
    } finally {
      filling = false
    }
  }

  const runJob = async (job: R, controller: AbortController): Promise<void> => {
    const state = job.state
    const id = lane.idOf(job)
    const log = logger.child({ [lane.idKey]: id, state, attempt: job.attempts })
    log.info(`step ${state}: attempt ${job.attempts}`)
    let lastProgressWrite = 0
    let lastProgressKey = ''
    const beat = setInterval(() => {
      lane.heartbeat(job.pk, holder, Date.now() + leaseMs).then(
        (held) => {
          if (!held) controller.abort(new LostLeaseError(`lost the lease on ${lane.name} ${id}`))
        },
        (error: unknown) => log.warn({ err: error }, 'heartbeat failed'),
      )
    }, heartbeatMs)
    const context: LaneContext = {
      holder,
      signal: controller.signal,
      withProvingSlot,
      progress(p) {
        const progress = { ...p, at: Date.now() }
        events.emit(id, { type: 'progress', progress })
        // Persist every new phase or message, and fraction updates at most once a second: SSE gets
        // every event, GET /jobs/:id the latest one.
        const key = `${p.phase}\u0000${p.message ?? ''}`
        if (key !== lastProgressKey || progress.at - lastProgressWrite >= 1_000 || p.fraction === 1) {
          lastProgressKey = key
          lastProgressWrite = progress.at
          lane
            .setProgress(job.pk, progress)
            .catch((error: unknown) => log.warn({ err: error }, 'saving progress failed'))
        }
      },
    }
    try {
      const outcome = await lane.runStep(job, context)
      if (crashed) return
      const ok = await lane.advance(
        job.pk,
        holder,
        state,
        outcome.next,
        outcome.patch,
        Date.now(),
        outcome.note,
      )
      if (!ok) {
        log.warn(`lost the ${lane.name} before recording its transition; another worker will redo the step`)
        return
      }
      log.info(`step ${state} done → ${outcome.next}`)
      events.emit(id, { type: 'state', state: outcome.next, error: null })
      if (options.crashAfter === state) {
        log.warn(`VERITREE_TEST_CRASH_AT=${state}: killing the process now`)
        process.kill(process.pid, 'SIGKILL')
      }
    } catch (error) {
      if (crashed) return
      const message = errorMessage(error)
      if (error instanceof LostLeaseError) {
        log.warn(message)
        return
      }
      const now = Date.now()
      if (stopped && controller.signal.aborted) {
        // A graceful stop: hand the job back at once for the next run, whatever the attempt count.
        await lane.retry(
          job.pk,
          holder,
          { code: 'retrying', message: `${state} was interrupted by a shutdown` },
          now,
          now,
        )
        return
      }
      const unprovable =
        error instanceof UnprovableJobError
          ? error
          : error instanceof PermanentJobError && lane.beforeSettle.has(state)
            ? new UnprovableJobError(UNPROVABLE_REASON.PROVER_FAILED, error.message, { cause: error })
            : null
      if (unprovable) {
        log.error(
          { err: error },
          `${lane.name} cannot be proven (reason ${unprovable.reason}); refunding the customer`,
        )
        const moved = await lane.advance(
          job.pk,
          holder,
          state,
          lane.refunding,
          lane.refundPatch(unprovable.reason),
          now,
          `unprovable (reason ${unprovable.reason}): ${unprovable.message}`,
        )
        if (moved) events.emit(id, { type: 'state', state: lane.refunding, error: null })
      } else if (error instanceof PermanentJobError) {
        const reason = publicJobError(error, state)
        log.error({ err: error }, `${lane.name} failed: ${message}`)
        if (await lane.fail(job.pk, holder, state, reason, now))
          events.emit(id, { type: 'state', state: 'failed', error: reason })
      } else {
        const delay = stopped ? 0 : retryDelayMs(job.attempts, baseRetryDelayMs, maxRetryDelayMs)
        log.warn({ err: error }, `step ${state} attempt ${job.attempts} failed; retrying in ${delay} ms`)
        await lane.retry(job.pk, holder, publicJobError(error, state), now + delay, now)
      }
    } finally {
      clearInterval(beat)
    }
  }

  const schedule = (): void => {
    if (stopped) return
    timer = setTimeout(() => {
      void fill().finally(schedule)
    }, pollMs)
  }

  const halt = async (crash: boolean): Promise<void> => {
    stopped = true
    crashed = crash
    if (timer) clearTimeout(timer)
    timer = null
    for (const { controller } of running.values())
      controller.abort(new Error(crash ? 'worker crashed (test)' : 'worker stopping'))
    await Promise.all([...running.values()].map(({ done }) => done))
  }

  return {
    holder,
    start() {
      if (!stopped) return
      stopped = false
      crashed = false
      void fill()
      schedule()
    },
    kick() {
      void fill()
    },
    stop: () => halt(false),
    crash: () => halt(true),
    idle() {
      if (running.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
  }
}
