import type { FeedRequestPatch, FeedRequestRecord, FeedRequestState } from '../db/index.ts'
import { createLeaseWorker, type JobWorker, type JobWorkerOptions } from '../jobs/leaseWorker.ts'
import type { FeedPipelineDeps, FeedStep } from './deps.ts'
import {
  attestRequestStep,
  refundRequestStep,
  settleRequestStep,
  verifyRequestStep,
} from './steps/chainSteps.ts'
import { proveRequestStep } from './steps/prove.ts'

/** The work done in each state a worker claims (awaiting_inputs waits for an upload instead). */
export const FEED_STEPS: Partial<Record<FeedRequestState, FeedStep>> = {
  proving: proveRequestStep,
  verifying: verifyRequestStep,
  settling: settleRequestStep,
  attesting: attestRequestStep,
  refunding: refundRequestStep,
}

/** States before settle: a request that fails there for good is refunded (the escrow is still Open). */
const BEFORE_SETTLE: ReadonlySet<FeedRequestState> = new Set(['proving', 'verifying'])

/**
 * The prediction-request pipeline: the sale pipeline's worker (claims, leases, retries without an
 * attempt limit, refunds for unprovable requests, `failed` for an operator) over the feed_requests
 * table, one step per state. Pass the sale worker's `withProvingSlot` so both share one prover.
 */
export function createFeedWorker(deps: FeedPipelineDeps, options: JobWorkerOptions = {}): JobWorker {
  const { store } = deps
  return createLeaseWorker<FeedRequestState, FeedRequestRecord, FeedRequestPatch>(
    {
      name: 'feed request',
      idKey: 'requestId',
      idOf: (request) => request.requestId,
      logger: deps.logger,
      events: { emit: () => undefined },
      claim: (holder, now, leaseMs) => store.claimFeedRequest(holder, now, leaseMs),
      heartbeat: (pk, holder, at) => store.heartbeatFeedRequest(pk, holder, at),
      advance: (pk, holder, from, to, patch, now, note) =>
        store.advanceFeedRequest(pk, holder, from, to, patch, now, note),
      retry: (pk, holder, error, runAfter, now) => store.retryFeedRequest(pk, holder, error, runAfter, now),
      fail: (pk, holder, from, reason, now) => store.failFeedRequest(pk, holder, from, reason, now),
      setProgress: (pk, progress) => store.setFeedRequestProgress(pk, progress),
      async runStep(request, context) {
        const step = FEED_STEPS[request.state]
        if (!step) throw new Error(`no step for a request in state ${request.state}`)
        const feed = await store.getFeedByPk(request.feedPk)
        if (!feed) throw new Error(`request ${request.requestId} has lost its feed`)
        return step({ ...context, deps, request, feed })
      },
      beforeSettle: BEFORE_SETTLE,
      refunding: 'refunding',
      refundPatch: (reason) => ({ refund: { reason, tx: null, status: null } }),
    },
    options,
  )
}
