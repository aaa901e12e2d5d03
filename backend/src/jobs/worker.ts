import { randomUUID } from 'node:crypto'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { errorMessage } from '@veritree/core/errors'
import type { ActiveJobState, JobRecord, JobState } from '../db/index.ts'
import { retryDelayMs } from './backoff.ts'
import type { PipelineDeps, StepContext } from './deps.ts'
import { LostLeaseError, PermanentJobError, publicJobError, UnprovableJobError } from './errors.ts'
import { createSemaphore } from './semaphore.ts'
import { STEPS } from './steps/index.ts'

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
  /**
   * Test hook (VERITREE_TEST_CRASH_AT): kill this process with SIGKILL right after a step that ran in
   * this state has written its transition, to test recovery from a crash at each stage.
   */
  crashAfter?: ActiveJobState | null
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

/** States before settle: a job that fails there for good is refunded (the escrow is still Open). */
const BEFORE_SETTLE: ReadonlySet<JobState> = new Set(['opened', 'training', 'proving', 'verifying'])

/**
 * The durable job pipeline. Claims one job at a time per free slot, runs the step for its state with a
 * heartbeat, and releases it with exactly one of advance, retry or fail (matching on its holder id, so
 * a worker that lost its lease writes nothing). Every state is written before its work starts.
 *
 * Every recorded job is paid, so a transient failure is retried with a capped backoff and no attempt
 * limit. A job that can never be proven goes to `refunding` (the customer is refunded in full on-chain);
 * only a failure after that point, or in the refund itself, ends in `failed` for an operator to look at.
 * Published errors are `{ code, message }` without internals; the details go to the log.
 */
export function createJobWorker(deps: PipelineDeps, options: JobWorkerOptions = {}): JobWorker {
  const holder = options.holder ?? `worker-${process.pid}-${randomUUID().slice(0, 8)}`
  const leaseMs = options.leaseMs ?? 60_000
  const heartbeatMs = options.heartbeatMs ?? Math.floor(leaseMs / 3)
  const pollMs = options.pollMs ?? 1_000
  const baseRetryDelayMs = options.baseRetryDelayMs ?? 2_000
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 5 * 60_000
  const slots = options.slots ?? 2
  const withProvingSlot = createSemaphore(options.proveConcurrency ?? 1)
  const { store, logger, events } = deps

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
        const job = await store.claimJob(holder, Date.now(), leaseMs)
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
      logger.error({ err: error }, 'claiming a job failed')
    } finally {
      filling = false
    }
  }

  const runJob = async (job: JobRecord, controller: AbortController): Promise<void> => {
    const state = job.state as ActiveJobState
    const step = STEPS[state]
    const log = logger.child({ jobId: job.jobId, state, attempt: job.attempts })
    log.info(`step ${state}: attempt ${job.attempts}`)
    let lastProgressWrite = 0
    let lastProgressKey = ''
    const beat = setInterval(() => {
      store.heartbeat(job.pk, holder, Date.now() + leaseMs).then(
        (held) => {
          if (!held) controller.abort(new LostLeaseError(`lost the lease on job ${job.jobId}`))
        },
        (error: unknown) => log.warn({ err: error }, 'heartbeat failed'),
      )
    }, heartbeatMs)
    const context: StepContext = {
      deps,
      job,
      holder,
      signal: controller.signal,
      withProvingSlot,
      progress(p) {
        const progress = { ...p, at: Date.now() }
        events.emit(job.jobId, { type: 'progress', progress })
        // Persist every new phase or message, and fraction updates at most once a second: SSE gets
        // every event, GET /jobs/:id the latest one.
        const key = `${p.phase}\u0000${p.message ?? ''}`
        if (key !== lastProgressKey || progress.at - lastProgressWrite >= 1_000 || p.fraction === 1) {
          lastProgressKey = key
          lastProgressWrite = progress.at
          store
            .setProgress(job.pk, progress)
            .catch((error: unknown) => log.warn({ err: error }, 'saving progress failed'))
        }
      },
    }
    try {
      const outcome = await step(context)
      if (crashed) return
      const ok = await store.advanceJob(
        job.pk,
        holder,
        state,
        outcome.next,
        outcome.patch,
        Date.now(),
        outcome.note,
      )
      if (!ok) {
        log.warn('lost the job before recording its transition; another worker will redo the step')
        return
      }
      log.info(`step ${state} done → ${outcome.next}`)
      events.emit(job.jobId, { type: 'state', state: outcome.next, error: null })
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
        await store.retryJob(
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
          : error instanceof PermanentJobError && BEFORE_SETTLE.has(state)
            ? new UnprovableJobError(UNPROVABLE_REASON.PROVER_FAILED, error.message, { cause: error })
            : null
      if (unprovable) {
        log.error(
          { err: error },
          `job cannot be proven (reason ${unprovable.reason}); refunding the customer`,
        )
        const moved = await store.advanceJob(
          job.pk,
          holder,
          state,
          'refunding',
          { refund: { reason: unprovable.reason, tx: null, status: null } },
          now,
          `unprovable (reason ${unprovable.reason}): ${unprovable.message}`,
        )
        if (moved) events.emit(job.jobId, { type: 'state', state: 'refunding', error: null })
      } else if (error instanceof PermanentJobError) {
        const reason = publicJobError(error, state)
        log.error({ err: error }, `job failed: ${message}`)
        if (await store.failJob(job.pk, holder, state, reason, now))
          events.emit(job.jobId, { type: 'state', state: 'failed', error: reason })
      } else {
        const delay = stopped ? 0 : retryDelayMs(job.attempts, baseRetryDelayMs, maxRetryDelayMs)
        log.warn({ err: error }, `step ${state} attempt ${job.attempts} failed; retrying in ${delay} ms`)
        await store.retryJob(job.pk, holder, publicJobError(error, state), now + delay, now)
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

/** Stage names VERITREE_TEST_CRASH_AT accepts, and the state whose step they end. */
const CRASH_STAGES: Record<string, ActiveJobState> = {
  train: 'training',
  prove: 'proving',
  verify: 'verifying',
  settle: 'settling',
  attest: 'attesting',
  refund: 'refunding',
}

/** Reads VERITREE_TEST_CRASH_AT (`train`, `prove`, `verify`, `settle`, `attest` or `refund`). */
export function crashHookState(value: string | undefined): ActiveJobState | null {
  if (!value) return null
  const state = CRASH_STAGES[value]
  if (!state)
    throw new Error(
      `VERITREE_TEST_CRASH_AT=${value}: expected one of ${Object.keys(CRASH_STAGES).join(', ')}`,
    )
  return state
}
