import type { JobTermsView, JournalFormat } from '@veritree/core/api'
import { useCallback, useState } from 'react'
import type { Address, Hex } from 'viem'
import { openJob } from '../chain/market.ts'
import { maxPriceWithSlippage } from '../lib/slippage.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

export type PayInput = {
  market: Address
  /** The preview's `terms`, passed to openJob unchanged… */
  terms: JobTermsView
  /** …with the journal format the customer chose among those the preview says fit. */
  journalFormat: JournalFormat
  price: bigint
  slippageBps: number
}

export type PayState =
  | { step: 'idle'; error: string | null }
  | { step: 'signing' }
  | { step: 'confirming'; txHash: Hex }
  | { step: 'paid'; txHash: Hex; jobId: Hex }

/** Pays into the market's escrow with a slippage limit and reports each step. */
export function usePay() {
  const [state, setState] = useState<PayState>({ step: 'idle', error: null })
  const walletClient = useWalletClient()
  const publicClient = useMarketChain().data?.publicClient ?? null

  const pay = useCallback(
    async (input: PayInput): Promise<Hex | null> => {
      if (!walletClient || !publicClient) {
        setState({ step: 'idle', error: 'Connect your wallet to the marketplace network first.' })
        return null
      }
      setState({ step: 'signing' })
      try {
        const { hash, jobId } = await openJob({
          walletClient,
          publicClient,
          market: input.market,
          terms: {
            ...input.terms,
            quoteExpiresAt: BigInt(input.terms.quoteExpiresAt),
            journalFormat: input.journalFormat,
          },
          maxPrice: maxPriceWithSlippage(input.price, input.slippageBps),
          onSent: (txHash) => setState({ step: 'confirming', txHash }),
        })
        setState({ step: 'paid', txHash: hash, jobId })
        return jobId
      } catch (cause) {
        setState({ step: 'idle', error: describeWalletError(cause) })
        return null
      }
    },
    [walletClient, publicClient],
  )
  return { state, pay }
}
