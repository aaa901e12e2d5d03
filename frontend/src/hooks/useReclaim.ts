import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Address, Hex } from 'viem'
import { keys } from '../api/queries.ts'
import { reclaim } from '../chain/market.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

/**
 * Takes back an unsettled escrow after its deadline: a job in a dataset market, or a request in an
 * inference feed (both contracts are ProvenEscrow, whose `reclaim` src/chain/market.ts calls).
 */
export function useReclaim(market: Address, jobId: Hex) {
  const walletClient = useWalletClient()
  const publicClient = useMarketChain().data?.publicClient ?? null
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => {
      if (!walletClient || !publicClient)
        throw new Error('Connect your wallet to the marketplace network first.')
      return reclaim({ walletClient, publicClient, market, jobId })
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.job(jobId) }),
        queryClient.invalidateQueries({ queryKey: keys.feedRequest(jobId) }),
      ]),
  })
}
