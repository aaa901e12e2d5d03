import { errorMessage } from '@veritree/core/errors'
import { readChainJob } from '../chain/market.ts'
import type { JobRecord, JobState } from '../db/index.ts'
import type { PipelineDeps } from './deps.ts'
import { readSettlement } from './steps/settle.ts'

export type Reconciler = {
  /** Compares every unfinished job with the market once; returns the jobs it moved. */
  reconcile(): Promise<number>
  start(): void
  stop(): Promise<void>
}

/** States in which the worker has not yet seen the market end the job. */
const BEFORE_ATTEST: ReadonlySet<JobState> = new Set([
  'opened',
  'training',
  'proving',
  'verifying',
  'settling',
  'refunding',
  'failed',
])

/**
 * Repairs the database from the chain, at start and every `intervalMs` (default one minute). For each
 * job not `done` or `refunded`, reads `getJob` on its market:
 * - Settled/Refunded (settle happened, by us before a crash or by anyone) → `attesting` with what
 *   JobSettled says, so the sale is timestamped and the job ends `done` (straight to `done` when this
 *   backend never proved the job, as there is nothing of ours to timestamp);
 * - Unprovable/Reclaimed (the customer has the money back) → `refunded`;
 * - Open → left to the worker.
 * It moves only jobs no live worker holds, so it never races a running step (see Store.reconcileJob).
 */
export function createReconciler(deps: PipelineDeps, options: { intervalMs?: number } = {}): Reconciler {
  const { store, logger, events } = deps
  const intervalMs = options.intervalMs ?? 60_000
  let timer: NodeJS.Timeout | null = null
  let running: Promise<number> | null = null
  let stopped = true

  const repair = async (job: JobRecord): Promise<boolean> => {
    if (!BEFORE_ATTEST.has(job.state)) return false
    const chain = await readChainJob(deps.publicClient, job.market, job.jobId)
    const now = Date.now()
    let to: JobState
    let patch: Parameters<typeof store.reconcileJob>[3]
    if (chain.status === 'Settled' || chain.status === 'Refunded') {
      const settlement = await readSettlement(deps, job, chain.status)
      const ours = job.training && job.proof && job.verification?.aggregation
      to = ours ? 'attesting' : 'done'
      patch = { settlement }
    } else if (chain.status === 'Unprovable' || chain.status === 'Reclaimed') {
      to = 'refunded'
      patch = {
        refund: { reason: job.refund?.reason ?? 0, tx: job.refund?.tx ?? null, status: chain.status },
      }
    } else {
      return false
    }
    const moved = await store.reconcileJob(
      job.pk,
      job.state,
      to,
      patch,
      null,
      now,
      `reconciled: the market says ${chain.status}`,
    )
    if (moved) {
      logger.warn(
        { jobId: job.jobId, from: job.state, to, chain: chain.status },
        'job repaired from the chain',
      )
      events.emit(job.jobId, { type: 'state', state: to, error: null })
    }
    return moved
  }

  const reconcileOnce = async (): Promise<number> => {
    let moved = 0
    for (const job of await store.listOpenJobs()) {
      try {
        if (await repair(job)) moved += 1
      } catch (error) {
        logger.warn({ jobId: job.jobId, err: error }, `reconciling job failed: ${errorMessage(error)}`)
      }
    }
    return moved
  }

  const reconcile = (): Promise<number> => {
    const run = (running ?? Promise.resolve(0)).catch(() => 0).then(reconcileOnce)
    running = run
    return run
  }

  const tick = async (): Promise<void> => {
    await reconcile().catch((error: unknown) => logger.warn({ err: error }, 'reconciler pass failed'))
    if (!stopped) timer = setTimeout(tick, intervalMs)
  }

  return {
    reconcile,
    start() {
      if (!stopped) return
      stopped = false
      timer = setTimeout(tick, 0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running?.catch(() => 0)
    },
  }
}
