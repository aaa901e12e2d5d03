import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Address, Hex } from 'viem'
import { uploadFeedInputs } from '../api/feeds.ts'
import { keys } from '../api/queries.ts'
import { readPriceOf, requestPredictions } from '../chain/feed.ts'
import { assertSameInputs } from '../lib/feedInputs.ts'
import { markPaid } from '../lib/recentPayments.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

export type RequestInput = {
  feed: Address
  /** The inputs CSV, exactly as checked in this browser… */
  csv: string
  /** …and what that check computed: the canonical inputs' hash and row count. */
  inputsHash: Hex
  count: number
}

export type RequestState =
  | { step: 'idle'; error: string | null }
  | { step: 'uploading' }
  | { step: 'signing'; price: bigint }
  | { step: 'confirming'; price: bigint; txHash: Hex }
  | { step: 'paid'; txHash: Hex; requestId: Hex }

/**
 * Buys predictions in four steps: send the rows to the server (which keeps them to prove the request),
 * check its hash and count against this browser's, read the price of `count` predictions from the
 * feed (`priceOf`), and pay `requestPredictions(inputsHash, count, thatPrice)` from the wallet.
 * Nothing is paid when any step fails.
 */
export function useRequestPredictions() {
  const [state, setState] = useState<RequestState>({ step: 'idle', error: null })
  const walletClient = useWalletClient()
  const publicClient = useMarketChain().data?.publicClient ?? null
  const queryClient = useQueryClient()

  const request = useCallback(
    async (input: RequestInput): Promise<Hex | null> => {
      if (!walletClient || !publicClient) {
        setState({ step: 'idle', error: 'Connect your wallet to the marketplace network first.' })
        return null
      }
      try {
        setState({ step: 'uploading' })
        const answer = await uploadFeedInputs(input.feed, input.csv)
        assertSameInputs(input, answer)
        // The chain's price is the one the escrow takes; the server's answer is only its reading of it.
        const price = await readPriceOf(publicClient, input.feed, input.count)
        setState({ step: 'signing', price })
        const { hash, requestId } = await requestPredictions({
          walletClient,
          publicClient,
          feed: input.feed,
          inputsHash: input.inputsHash,
          count: input.count,
          maxPrice: price,
          onSent: (txHash) => setState({ step: 'confirming', price, txHash }),
        })
        markPaid(requestId)
        setState({ step: 'paid', txHash: hash, requestId })
        void queryClient.invalidateQueries({ queryKey: keys.feed(input.feed) })
        return requestId
      } catch (cause) {
        setState({ step: 'idle', error: describeWalletError(cause) })
        return null
      }
    },
    [walletClient, publicClient, queryClient],
  )
  const reset = useCallback(() => setState({ step: 'idle', error: null }), [])
  return { state, request, reset }
}
