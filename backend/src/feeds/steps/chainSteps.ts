import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import type { MarketJobStatus } from '@veritree/core/api'
import { decodeInferenceJournal } from '@veritree/core/canonical'
import { inferenceHcsSummary } from '@veritree/core/certificate'
import { type Hex, TransactionReceiptNotFoundError } from 'viem'
import { predictionsSettledEvent } from '../../chain/events.ts'
import { readFeedRequest } from '../../chain/feed.ts'
import { PermanentJobError } from '../../jobs/errors.ts'
import { timestampOnce } from '../../jobs/steps/attest.ts'
import { verifyProof } from '../../jobs/steps/verify.ts'
import type { FeedStep, FeedStepContext, FeedStepOutcome } from '../deps.ts'

/**
 * The request's end when the feed's escrow closed it without our settle: refunded as unprovable or
 * reclaimed by the consumer (→ `refunded`), or settled by someone else with a valid proof (→
 * `attesting`: the predictions on-chain are the proven ones whatever the sender). Null while Open.
 */
async function chainEnd(context: FeedStepContext, status: MarketJobStatus): Promise<FeedStepOutcome | null> {
  const { request } = context
  if (status === 'Unprovable' || status === 'Reclaimed')
    return {
      next: 'refunded',
      patch: { refund: { reason: request.refund?.reason ?? 0, tx: request.refund?.tx ?? null, status } },
      note: `on-chain status ${status}`,
    }
  if (status === 'Settled') {
    const tx = await settledTx(context)
    return {
      next: 'attesting',
      patch: { settlement: { tx, outcome: { status: 'Settled' } } },
      note: `on-chain status Settled (tx ${tx})`,
    }
  }
  if (status === 'None') throw new PermanentJobError('the feed does not know this request')
  return null
}

/** The transaction that settled the request, from the feed's PredictionsSettled event. */
async function settledTx({ deps, request, feed }: FeedStepContext): Promise<Hex> {
  const logs = await deps.publicClient.getLogs({
    address: feed.address,
    event: predictionsSettledEvent,
    args: { requestId: request.requestId },
    fromBlock: request.openedBlock,
    toBlock: 'latest',
    strict: true,
  })
  const log = logs[0]
  if (!log)
    throw new Error(`request ${request.requestId} is settled but no PredictionsSettled event was found`)
  return log.transactionHash
}

/**
 * Sends one operator transaction for an Open request, checking first: the escrow's status decides; a
 * stored transaction is looked up (pending → wait; mined without effect → send again) before a new
 * one is sent, and its hash is stored (`save`) before waiting, so a crash never sends twice blindly.
 */
async function sendOnce(
  context: FeedStepContext,
  stored: Hex | null,
  send: () => Promise<Hex>,
  save: (tx: Hex) => Promise<void>,
): Promise<FeedStepOutcome> {
  const { deps, request, feed } = context
  const status = async () =>
    (await readFeedRequest(deps.publicClient, feed.address, request.requestId)).status
  const before = await chainEnd(context, await status())
  if (before) return before
  if (stored) {
    const receipt = await deps.publicClient
      .getTransactionReceipt({ hash: stored })
      .catch((error: unknown) =>
        error instanceof TransactionReceiptNotFoundError ? null : Promise.reject(error),
      )
    if (receipt === null) {
      const mined = await deps.publicClient
        .waitForTransactionReceipt({ hash: stored, timeout: 120_000 })
        .catch(() => null)
      const outcome = await chainEnd(context, await status())
      if (outcome) return outcome
      if (!mined) throw new Error(`transaction ${stored} is not mined yet`)
    }
    deps.logger.warn(
      { requestId: request.requestId, tx: stored },
      'stored transaction changed nothing; resending',
    )
  }
  const hash = await send()
  await save(hash)
  const receipt = await deps.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`)
  const after = await chainEnd(context, await status())
  if (!after) throw new Error(`transaction ${hash} was mined but the request is still Open`)
  return after
}

/** verifying → settling: the shared {@link verifyProof} on the request's receipt. */
export const verifyRequestStep: FeedStep = async ({ deps, request, holder, signal, progress }) => {
  const proof = request.proof
  if (!proof) throw new PermanentJobError('the request reached verifying without a receipt')
  const { submission, aggregation } = await verifyProof(deps, {
    proof,
    resume: request.verification?.submission ?? null,
    signal,
    progress,
    save: async (submitted) => {
      const saved = await deps.store.patchFeedRequest(
        request.pk,
        holder,
        { verification: { submission: submitted, aggregation: null } },
        Date.now(),
      )
      if (!saved) throw new Error('lost the request while storing its verifier submission')
    },
  })
  return {
    next: 'settling',
    patch: { verification: { submission, aggregation } },
    note: `aggregation ${aggregation.aggregationId} (domain ${aggregation.domainId})`,
  }
}

/** settling → attesting: `InferenceFeed.settle(requestId, journal, predictions, proof)`. */
export const settleRequestStep: FeedStep = async (context) => {
  const { deps, request, feed, holder, progress } = context
  const proof = request.proof
  const aggregation = request.verification?.aggregation
  if (!proof || !aggregation)
    throw new PermanentJobError('the request reached settling without a journal and aggregation proof')
  return sendOnce(
    context,
    request.settlement?.tx ?? null,
    async () => {
      progress({ phase: 'settling', message: 'sending InferenceFeed.settle' })
      const { request: tx } = await deps.publicClient.simulateContract({
        account: deps.walletClient.account,
        address: feed.address,
        abi: inferenceFeedAbi,
        functionName: 'settle',
        args: [
          request.requestId,
          proof.journal,
          proof.predictions,
          {
            domainId: aggregation.domainId,
            aggregationId: aggregation.aggregationId,
            merklePath: aggregation.merklePath,
            leafCount: aggregation.leafCount,
            index: aggregation.index,
          },
        ],
      })
      return deps.walletClient.writeContract(tx)
    },
    async (tx) => {
      await deps.store.patchFeedRequest(request.pk, holder, { settlement: { tx, outcome: null } }, Date.now())
    },
  )
}

/**
 * refunding → refunded: the request can never be proven, so the consumer is credited the whole escrow
 * at once through `refundUnprovable(requestId, reason)` (the factory's operator only).
 */
export const refundRequestStep: FeedStep = async (context) => {
  const { deps, request, feed, holder, progress } = context
  const refund = request.refund
  if (!refund) throw new PermanentJobError('the request reached refunding without a reason')
  const outcome = await sendOnce(
    context,
    refund.tx,
    async () => {
      progress({ phase: 'refunding', message: 'refunding the consumer in full (refundUnprovable)' })
      const { request: tx } = await deps.publicClient.simulateContract({
        account: deps.walletClient.account,
        address: feed.address,
        abi: inferenceFeedAbi,
        functionName: 'refundUnprovable',
        args: [request.requestId, refund.reason],
      })
      return deps.walletClient.writeContract(tx)
    },
    async (tx) => {
      await deps.store.patchFeedRequest(request.pk, holder, { refund: { ...refund, tx } }, Date.now())
    },
  )
  if (outcome.next !== 'refunded')
    throw new PermanentJobError(`the request was ${outcome.note ?? 'closed'} while being refunded`)
  return outcome
}

/** attesting → done: timestamps the request's summary on HCS with the shared {@link timestampOnce}. */
export const attestRequestStep: FeedStep = async ({ deps, request, feed, holder, signal, progress }) => {
  const proof = request.proof
  const aggregation = request.verification?.aggregation
  const settleTx = request.settlement?.tx
  if (!proof || !aggregation || !settleTx)
    throw new PermanentJobError('the request reached attesting without its proof and settlement')
  const journal = decodeInferenceJournal(proof.journal)
  const message = inferenceHcsSummary({
    chainId: feed.chainId,
    feed: feed.address,
    requestId: request.requestId,
    market: feed.market,
    saleJobId: feed.saleJobId,
    modelHash: journal.modelHash,
    inputsHash: journal.inputsHash,
    count: journal.count,
    predictionsHash: journal.predictionsHash,
    statement: aggregation.statement,
    aggregationId: aggregation.aggregationId,
    settleTx,
  })
  const timestamp = await timestampOnce(deps, {
    message,
    pending: request.attestation?.pending ?? null,
    signal,
    progress,
    logFields: { requestId: request.requestId },
    save: async (pending) => {
      const saved = await deps.store.patchFeedRequest(
        request.pk,
        holder,
        { attestation: { pending, timestamp: null } },
        Date.now(),
      )
      if (!saved) throw new Error('lost the request before sending its HCS message')
    },
  })
  return {
    next: 'done',
    patch: { attestation: { pending: request.attestation?.pending ?? null, timestamp } },
    note: `HCS ${timestamp.topicId} #${timestamp.sequenceNumber}`,
  }
}
