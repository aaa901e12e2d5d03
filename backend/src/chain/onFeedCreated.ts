import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { FeedRecord, Store } from '../db/index.ts'

export type FeedCreatedLog = {
  chainId: number
  market: Address
  jobId: Hex
  owner: Address
  feed: Address
  modelHash: Hex
  pricePerPrediction: bigint
  royaltyBps: number
  blockNumber: bigint
  txHash: Hex
  logIndex: number
}

/**
 * Records a feed the factory created for one of our sales. The factory has already checked on-chain
 * that the sale settled (met = true) and that the caller is its customer; the backend adds what only
 * it knows: it holds the model, and that model's hash is the one the feed names. Anything else is
 * recorded as ignored with the reason (its requests are then never read: the consumers reclaim after
 * the deadline, and nobody can get a prediction from a model we do not hold).
 */
export async function onFeedCreated(
  store: Store,
  log: FeedCreatedLog,
  logger: Logger,
): Promise<{ feed: FeedRecord } | { ignored: string }> {
  const ignore = async (reason: string) => {
    await store.recordIgnoredEvent(
      {
        chainId: log.chainId,
        address: log.feed,
        event: 'FeedCreated',
        txHash: log.txHash,
        logIndex: log.logIndex,
        reason,
      },
      Date.now(),
    )
    logger.warn({ feed: log.feed, market: log.market, jobId: log.jobId }, `FeedCreated ignored: ${reason}`)
    return { ignored: reason }
  }
  const job = await store.getJob(log.jobId)
  if (!job || job.chainId !== log.chainId || job.market.toLowerCase() !== log.market.toLowerCase())
    return ignore(`sale ${log.jobId} on ${log.market.toLowerCase()} is not a job of this backend`)
  const model = job.training
  if (!model?.met) return ignore(`sale ${log.jobId} did not meet its threshold here`)
  if (model.modelHash.toLowerCase() !== log.modelHash.toLowerCase())
    return ignore(`the feed names model ${log.modelHash}, but sale ${log.jobId} trained ${model.modelHash}`)
  const feed = await store.insertFeed(
    {
      chainId: log.chainId,
      address: log.feed,
      market: log.market,
      saleJobId: log.jobId,
      jobPk: job.pk,
      datasetId: job.datasetId,
      owner: log.owner,
      modelHash: log.modelHash,
      priceWei: log.pricePerPrediction.toString(),
      royaltyBps: log.royaltyBps,
      createdBlock: log.blockNumber,
      createdTx: log.txHash,
    },
    Date.now(),
  )
  if (feed) {
    logger.info({ feed: log.feed, jobId: log.jobId }, 'feed listed')
    return { feed }
  }
  const existing = await store.getFeed(log.feed)
  if (existing && existing.createdTx.toLowerCase() === log.txHash.toLowerCase()) return { feed: existing }
  return ignore(`a feed for sale ${log.jobId} was already recorded from another transaction`)
}
