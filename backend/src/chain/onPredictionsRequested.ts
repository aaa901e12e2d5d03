import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { FeedRequestRecord, Store } from '../db/index.ts'

export type PredictionsRequestedLog = {
  feed: Address
  requestId: Hex
  customer: Address
  inputsHash: Hex
  count: number
  price: bigint
  deadline: bigint
  verifierId: number
  blockNumber: bigint
  txHash: Hex
  logIndex: number
  chainId: number
}

/**
 * Records a paid request on one of our feeds. Money has moved, so every request is recorded: one whose
 * rows the backend holds (matched by inputsHash and count) is `proving` at once; the others wait in
 * `awaiting_inputs` for an upload and are refunded after the grace period. Each request id becomes at
 * most one row, however often the log is seen.
 */
export async function onPredictionsRequested(
  store: Store,
  log: PredictionsRequestedLog,
  logger: Logger,
): Promise<{ request: FeedRequestRecord } | { ignored: string }> {
  const ignore = async (reason: string) => {
    await store.recordIgnoredEvent(
      {
        chainId: log.chainId,
        address: log.feed,
        event: 'PredictionsRequested',
        txHash: log.txHash,
        logIndex: log.logIndex,
        reason,
      },
      Date.now(),
    )
    logger.warn({ feed: log.feed, requestId: log.requestId }, `PredictionsRequested ignored: ${reason}`)
    return { ignored: reason }
  }
  const feed = await store.getFeed(log.feed)
  if (!feed || feed.chainId !== log.chainId) return ignore(`${log.feed.toLowerCase()} is not a known feed`)
  const request = await store.insertFeedRequest(
    {
      feedPk: feed.pk,
      requestId: log.requestId,
      customer: log.customer,
      inputsHash: log.inputsHash,
      count: log.count,
      priceWei: log.price.toString(),
      deadline: Number(log.deadline),
      verifierId: log.verifierId,
      openedBlock: log.blockNumber,
      openedTx: log.txHash,
    },
    Date.now(),
  )
  if (request) {
    logger.info({ feed: log.feed, requestId: log.requestId, state: request.state }, 'predictions requested')
    return { request }
  }
  const existing = await store.getFeedRequest(log.requestId)
  if (existing && existing.openedTx.toLowerCase() === log.txHash.toLowerCase()) return { request: existing }
  return ignore(`request ${log.requestId} was already recorded from another transaction`)
}
