import type { Logger } from 'pino'
import type { Address, PublicClient } from 'viem'
import type { FeedRequestRecord, JobRecord, Store } from '../db/index.ts'
import {
  acceptingRequestsUpdatedEvent,
  datasetCreatedEvent,
  feedCreatedEvent,
  jobOpenedEvent,
  predictionsRequestedEvent,
  priceUpdatedEvent,
} from './events.ts'
import { readFeed } from './feed.ts'
import { onDatasetCreated } from './onDatasetCreated.ts'
import { onFeedCreated } from './onFeedCreated.ts'
import { onFeedStateUpdated } from './onFeedStateUpdated.ts'
import { onJobOpened } from './onJobOpened.ts'
import { onPredictionsRequested } from './onPredictionsRequested.ts'

export type ChainWatcherOptions = {
  store: Store
  client: PublicClient
  chainId: number
  factory: Address
  /** First block to read on an empty database (the factory's deployment block). */
  startBlock: bigint
  /** Blocks to wait before reading a block's events (reorg safety). */
  confirmations: number
  pollIntervalMs: number
  /** Largest block range per getLogs call. */
  maxRange?: bigint
  logger: Logger
  /** Called for each newly recorded job, so the worker can start at once. */
  onJob?: (job: JobRecord) => void
  /** Called for each newly recorded prediction request. */
  onFeedRequest?: (request: FeedRequestRecord) => void
}

export type ChainWatcher = {
  /** Reads every confirmed block not read yet; returns the next block to read. */
  poll(): Promise<bigint>
  start(): void
  stop(): Promise<void>
  /**
   * When (unix ms) the last poll that read every confirmed block started, or null before the first:
   * every event mined before then (give or take the confirmations) is recorded. The inputs sweep never
   * looks past it, so rows paid for while the backend was down are not deleted before their request is read.
   */
  syncedAt(): number | null
}

const CURSOR = 'events'

/**
 * Indexes DatasetCreated (from the factory) and JobOpened (only from the markets the factory created
 * for our datasets), then FeedCreated (from the factory, for our sales), PredictionsRequested and the
 * owners' PriceUpdated / AcceptingRequestsUpdated (only from the feeds recorded that way), from a
 * persisted cursor. Within one range, each creation event is handled before the events of what it
 * created, so a job in a brand-new market, or a request on a brand-new feed, finds it. The cursor moves
 * only after a range is fully handled, and the handlers are idempotent (the owners' changes apply in
 * chain order, so a replay ends in the same state), so a crash in the middle re-reads the range safely.
 *
 * @example
 * const watcher = createChainWatcher({ store, client, chainId, factory, startBlock: 0n, confirmations: 0, pollIntervalMs: 1000, logger })
 * watcher.start()
 */
export function createChainWatcher(options: ChainWatcherOptions): ChainWatcher {
  const { store, client, chainId, logger } = options
  const maxRange = options.maxRange ?? 2000n
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null
  let stopped = false
  let syncedAt: number | null = null
  let statesKnown = false

  const pollOnce = async (): Promise<bigint> => {
    const startedAt = Date.now()
    if (!statesKnown) statesKnown = await readUnknownStates()
    let next = (await store.getCursor(CURSOR)) ?? options.startBlock
    const head = await client.getBlockNumber({ cacheTime: 0 })
    const safe = head - BigInt(options.confirmations)
    while (next <= safe) {
      const to = next + maxRange - 1n < safe ? next + maxRange - 1n : safe
      const created = await client.getLogs({
        address: options.factory,
        event: datasetCreatedEvent,
        fromBlock: next,
        toBlock: to,
        strict: true,
      })
      for (const log of created) {
        await onDatasetCreated(
          store,
          {
            chainId,
            factory: options.factory,
            datasetId: log.args.datasetId,
            vendor: log.args.vendor,
            market: log.args.market,
            commitment: log.args.commitment,
            blockNumber: log.blockNumber,
            txHash: log.transactionHash,
            logIndex: log.logIndex,
          },
          logger,
        )
      }
      // Only markets the factory created for our datasets (linked from the factory's own
      // DatasetCreated): a JobOpened from any other contract is not read at all.
      const markets = (await store.listDatasets()).flatMap((d) =>
        d.link && d.link.chainId === chainId ? [d.link.market] : [],
      )
      const opened =
        markets.length === 0
          ? []
          : await client.getLogs({
              address: markets,
              event: jobOpenedEvent,
              fromBlock: next,
              toBlock: to,
              strict: true,
            })
      for (const log of opened) {
        const result = await onJobOpened(
          store,
          {
            chainId,
            market: log.address,
            jobId: log.args.jobId,
            customer: log.args.customer,
            terms: { ...log.args.terms, thresholdBps: Number(log.args.terms.thresholdBps) },
            verifierId: Number(log.args.verifierId),
            price: log.args.price,
            deadline: log.args.deadline,
            blockNumber: log.blockNumber,
            txHash: log.transactionHash,
            logIndex: log.logIndex,
          },
          logger,
        )
        if ('job' in result) options.onJob?.(result.job)
      }
      await readFeeds(next, to)
      next = to + 1n
      await store.setCursor(CURSOR, next)
    }
    syncedAt = startedAt
    return next
  }

  /** FeedCreated for our sales, then PredictionsRequested from the feeds recorded so (never any other contract). */
  const readFeeds = async (fromBlock: bigint, toBlock: bigint): Promise<void> => {
    const created = await client.getLogs({
      address: options.factory,
      event: feedCreatedEvent,
      fromBlock,
      toBlock,
      strict: true,
    })
    for (const log of created) {
      await onFeedCreated(
        store,
        {
          chainId,
          market: log.args.market,
          jobId: log.args.jobId,
          owner: log.args.owner,
          feed: log.args.feed,
          modelHash: log.args.modelHash,
          pricePerPrediction: log.args.pricePerPrediction,
          royaltyBps: Number(log.args.royaltyBps),
          blockNumber: log.blockNumber,
          txHash: log.transactionHash,
          logIndex: log.logIndex,
        },
        logger,
      )
    }
    const feeds = (await store.listFeeds()).flatMap((f) => (f.chainId === chainId ? [f.address] : []))
    if (feeds.length === 0) return
    const requested = await client.getLogs({
      address: feeds,
      event: predictionsRequestedEvent,
      fromBlock,
      toBlock,
      strict: true,
    })
    for (const log of requested) {
      const result = await onPredictionsRequested(
        store,
        {
          chainId,
          feed: log.address,
          requestId: log.args.requestId,
          customer: log.args.customer,
          inputsHash: log.args.inputsHash,
          count: Number(log.args.count),
          price: log.args.price,
          deadline: log.args.deadline,
          verifierId: Number(log.args.verifierId),
          blockNumber: log.blockNumber,
          txHash: log.transactionHash,
          logIndex: log.logIndex,
        },
        logger,
      )
      if ('request' in result) options.onFeedRequest?.(result.request)
    }
    // The owners' price and open/closed changes, both kinds in one call so they apply in chain order.
    const changed = await client.getLogs({
      address: feeds,
      events: [priceUpdatedEvent, acceptingRequestsUpdatedEvent],
      fromBlock,
      toBlock,
      strict: true,
    })
    for (const log of changed) {
      await onFeedStateUpdated(
        store,
        {
          chainId,
          feed: log.address,
          change:
            log.eventName === 'PriceUpdated'
              ? { priceWei: log.args.pricePerPrediction.toString() }
              : { acceptingRequests: log.args.acceptingRequests },
          blockNumber: log.blockNumber,
          logIndex: log.logIndex,
        },
        logger,
      )
    }
  }

  /**
   * Feeds recorded before the owners' events were indexed (schema 6): their state now, from the chain;
   * events still to be read then replay in order up to the same state. True once none is left (feeds
   * recorded since are known from their creation), so later polls skip this; a failed read is retried.
   */
  const readUnknownStates = async (): Promise<boolean> => {
    let left = 0
    for (const feed of await store.listFeeds()) {
      if (feed.chainId !== chainId || feed.stateKnown) continue
      try {
        const state = await readFeed(client, feed.address)
        await store.updateFeedState(chainId, feed.address, {
          priceWei: state.pricePerPrediction.toString(),
          acceptingRequests: state.acceptingRequests,
          fromChain: true,
        })
      } catch (error) {
        left += 1
        logger.warn(
          { err: error, feed: feed.address },
          "reading a feed's state failed; retrying on the next poll",
        )
      }
    }
    return left === 0
  }

  const poll = (): Promise<bigint> => {
    // Serialise polls: the interval and a manual poll() must not read the same range twice at once.
    const run = (running ?? Promise.resolve()).catch(() => undefined).then(pollOnce)
    running = run
    return run
  }

  const tick = async (): Promise<void> => {
    try {
      await poll()
    } catch (error) {
      logger.warn({ err: error }, 'chain poll failed; retrying on the next tick')
    }
    if (!stopped) timer = setTimeout(tick, options.pollIntervalMs)
  }

  return {
    poll,
    syncedAt: () => syncedAt,
    start() {
      stopped = false
      if (!timer) timer = setTimeout(tick, 0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running?.catch(() => undefined)
    },
  }
}
