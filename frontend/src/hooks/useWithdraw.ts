import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Address } from 'viem'
import { keys } from '../api/queries.ts'
import { withdraw } from '../chain/market.ts'
import { chainKeys } from '../chain/queries.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

/** Withdraws the connected account's balance from a market, then refreshes balances and earnings. */
export function useWithdraw(market: Address) {
  const walletClient = useWalletClient()
  const publicClient = useMarketChain().data?.publicClient ?? null
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => {
      if (!walletClient || !publicClient)
        throw new Error('Connect your wallet to the marketplace network first.')
      return withdraw({ walletClient, publicClient, market })
    },
    onSettled: async () => {
      const account = walletClient?.account?.address
      if (account) await queryClient.invalidateQueries({ queryKey: chainKeys.balance(market, account) })
      await queryClient.invalidateQueries({ queryKey: keys.vendorDatasets })
    },
  })
}
