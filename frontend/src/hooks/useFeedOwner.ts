import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Address, Hex } from 'viem'
import { fetchFeed } from '../api/feeds.ts'
import { keys } from '../api/queries.ts'
import { setFeedAcceptingRequests, setFeedPrice } from '../chain/feed.ts'
import { describeFeedOwnerError, feedShowsChange, type OwnerChange } from '../lib/feedOwner.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

export type { OwnerChange }

export type OwnerChangeState =
  | { step: 'idle'; error: string | null }
  | { step: 'signing'; change: OwnerChange }
  | { step: 'confirming'; change: OwnerChange; txHash: Hex }
  | { step: 'indexing'; change: OwnerChange; txHash: Hex }
  | { step: 'done'; change: OwnerChange; txHash: Hex }

/** How long the server may take to read the mined event before the page says so. */
const INDEXING_TIMEOUT_MS = 60_000

/**
 * The owner's controls: sends setPrice or setAcceptingRequests from the wallet, then waits until the
 * server's feed view shows the change (its watcher reads the feed's event), so every page agrees.
 */
export function useFeedOwner(feed: Address) {
  const [state, setState] = useState<OwnerChangeState>({ step: 'idle', error: null })
  const walletClient = useWalletClient()
  const publicClient = useMarketChain().data?.publicClient ?? null
  const queryClient = useQueryClient()

  const change = useCallback(
    async (next: OwnerChange): Promise<boolean> => {
      if (!walletClient || !publicClient) {
        setState({ step: 'idle', error: 'Connect your wallet to the marketplace network first.' })
        return false
      }
      setState({ step: 'signing', change: next })
      try {
        const common = {
          walletClient,
          publicClient,
          feed,
          onSent: (txHash: Hex) => setState({ step: 'confirming', change: next, txHash }),
        }
        const { hash } =
          'price' in next
            ? await setFeedPrice({ ...common, pricePerPrediction: next.price })
            : await setFeedAcceptingRequests({ ...common, acceptingRequests: next.acceptingRequests })
        setState({ step: 'indexing', change: next, txHash: hash })
        await waitUntilShown(feed, next)
        setState({ step: 'done', change: next, txHash: hash })
        return true
      } catch (cause) {
        setState({ step: 'idle', error: describeFeedOwnerError(cause) })
        return false
      } finally {
        await queryClient.invalidateQueries({ queryKey: keys.feeds })
      }
    },
    [walletClient, publicClient, feed, queryClient],
  )
  const reset = useCallback(() => setState({ step: 'idle', error: null }), [])
  return { state, change, reset }
}

async function waitUntilShown(feed: Address, change: OwnerChange): Promise<void> {
  const deadline = Date.now() + INDEXING_TIMEOUT_MS
  for (;;) {
    const detail = await fetchFeed(feed).catch(() => null)
    if (detail && feedShowsChange(detail.feed, change)) return
    if (Date.now() > deadline)
      throw new Error(
        'The change is on chain, but the server has not shown it yet. Refresh this page in a minute.',
      )
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}
