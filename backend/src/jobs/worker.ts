import type { ActiveJobState, JobPatch, JobRecord, JobState } from '../db/index.ts'
import type { PipelineDeps } from './deps.ts'
import { createLeaseWorker, type JobWorker, type JobWorkerOptions } from './leaseWorker.ts'
import { STEPS } from './steps/index.ts'

export type { JobWorker, JobWorkerOptions } from './leaseWorker.ts'

/** States before settle: a job that fails there for good is refunded (the escrow is still Open). */
const BEFORE_SETTLE: ReadonlySet<JobState> = new Set(['opened', 'training', 'proving', 'verifying'])

/**
 * The sale-job pipeline (see `createLeaseWorker` for the claim, retry and refund rules): one step per
 * state in `steps/`.
 */
export function createJobWorker(deps: PipelineDeps, options: JobWorkerOptions = {}): JobWorker {
  const { store } = deps
  return createLeaseWorker<JobState, JobRecord, JobPatch>(
    {
      name: 'job',
      idKey: 'jobId',
      idOf: (job) => job.jobId,
      logger: deps.logger,
      events: deps.events,
      claim: (holder, now, leaseMs) => store.claimJob(holder, now, leaseMs),
      heartbeat: (pk, holder, at) => store.heartbeat(pk, holder, at),
      advance: (pk, holder, from, to, patch, now, note) =>
        store.advanceJob(pk, holder, from, to, patch, now, note),
      retry: (pk, holder, error, runAfter, now) => store.retryJob(pk, holder, error, runAfter, now),
      fail: (pk, holder, from, reason, now) => store.failJob(pk, holder, from, reason, now),
      setProgress: (pk, progress) => store.setProgress(pk, progress),
      runStep: (job, context) => STEPS[job.state as ActiveJobState]({ ...context, deps, job }),
      beforeSettle: BEFORE_SETTLE,
      refunding: 'refunding',
      refundPatch: (reason) => ({ refund: { reason, tx: null, status: null } }),
    },
    options,
  )
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
