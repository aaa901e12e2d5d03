import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Address, Hex } from 'viem'
import { fetchFeed } from '../api/feeds.ts'
import { keys } from '../api/queries.ts'
import { createFeed } from '../chain/feed.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

export type CreateFeedState =
  | { step: 'idle'; error: string | null }
  | { step: 'signing' }
  | { step: 'confirming'; txHash: Hex }
  | { step: 'indexing'; txHash: Hex; feed: Address }
  | { step: 'done'; txHash: Hex; feed: Address }

/** How long the server may take to see a mined FeedCreated before the page says so. */
const INDEXING_TIMEOUT_MS = 60_000

/**
 * Lists a bought model as an inference feed: sends DatasetFactory.createFeed from the wallet, then
 * waits until the server has seen the FeedCreated event, so the feed page opens on a listed feed.
 */
export function useCreateFeed() {
  const [state, setState] = useState<CreateFeedState>({ step: 'idle', error: null })
  const walletClient = useWalletClient()
  const market = useMarketChain().data
  const queryClient = useQueryClient()

  const list = useCallback(
    async (input: { market: Address; jobId: Hex; pricePerPrediction: bigint }): Promise<Address | null> => {
      if (!walletClient || !market?.publicClient) {
        setState({ step: 'idle', error: 'Connect your wallet to the marketplace network first.' })
        return null
      }
      const factory = market.health.factory
      if (!factory) {
        setState({ step: 'idle', error: 'The server has no DatasetFactory address configured.' })
        return null
      }
      setState({ step: 'signing' })
      try {
        const { hash, feed } = await createFeed({
          walletClient,
          publicClient: market.publicClient,
          factory,
          ...input,
          onSent: (txHash) => setState({ step: 'confirming', txHash }),
        })
        setState({ step: 'indexing', txHash: hash, feed })
        await waitUntilIndexed(feed)
        setState({ step: 'done', txHash: hash, feed })
        await queryClient.invalidateQueries({ queryKey: keys.feeds })
        return feed
      } catch (cause) {
        setState({ step: 'idle', error: describeWalletError(cause) })
        void queryClient.invalidateQueries({ queryKey: keys.feeds })
        return null
      }
    },
    [walletClient, market, queryClient],
  )
  return { state, list }
}

async function waitUntilIndexed(feed: Address): Promise<void> {
  const deadline = Date.now() + INDEXING_TIMEOUT_MS
  for (;;) {
    try {
      await fetchFeed(feed)
      return
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(
          `The feed ${feed} is on chain, but the server has not listed it yet. Refresh this page in a minute.`,
          { cause: error },
        )
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}
