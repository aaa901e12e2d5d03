import type { Logger } from 'pino'
import type { Address } from 'viem'
import type { FeedRecord, FeedStateChange, Store } from '../db/index.ts'

/** A feed owner's PriceUpdated or AcceptingRequestsUpdated, as the watcher read it. */
export type FeedStateLog = {
  chainId: number
  feed: Address
  change: FeedStateChange
  blockNumber: bigint
  logIndex: number
}

/**
 * Applies an owner's change of price or of accepting requests to the recorded feed, so the feed views
 * show the contract's state without reading the chain per feed per page. The watcher reads these events
 * only from recorded feeds, in chain order, so the last one read is the current state; replaying a range
 * after a crash applies the same events again in the same order and ends in the same state. Only the
 * owner can emit them (the contract checks), so nothing here needs to check who sent them.
 */
export async function onFeedStateUpdated(
  store: Store,
  log: FeedStateLog,
  logger: Logger,
): Promise<{ feed: FeedRecord } | { ignored: string }> {
  const feed = await store.updateFeedState(log.chainId, log.feed, log.change)
  if (!feed) return { ignored: `${log.feed.toLowerCase()} is not a known feed` }
  logger.info({ feed: log.feed, block: log.blockNumber, ...log.change }, 'feed state updated')
  return { feed }
}
