import { useMutation, useQueryClient } from '@tanstack/react-query'
import { signInWithEthereum } from '../api/auth.ts'
import { keys } from '../api/queries.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

/** Signs in with the connected wallet (SIWE); refreshes everything that depends on the session. */
export function useSignIn() {
  const queryClient = useQueryClient()
  const walletClient = useWalletClient()
  const market = useMarketChain().data
  return useMutation({
    mutationFn: () => {
      if (!walletClient || !market) throw new Error('Connect your wallet to the marketplace network first.')
      return signInWithEthereum(walletClient, market.chain.id)
    },
    onSuccess: () =>
      queryClient
        .invalidateQueries({ queryKey: keys.me })
        .then(() => queryClient.invalidateQueries({ queryKey: keys.vendorDatasets })),
  })
}
