import { useMemo } from 'react'
import { createWalletClient, custom, type WalletClient } from 'viem'
import { useWallet } from '../wallet/useWallet.ts'
import { useMarketChain } from './useMarketChain.ts'

/**
 * A viem wallet client for the connected account on the marketplace's chain, or null while there is
 * no wallet, no account or the wallet is on another chain (writing then would fail or, worse, go to
 * the wrong network).
 */
export function useWalletClient(): WalletClient | null {
  const { wallet, address, chainId } = useWallet()
  const market = useMarketChain().data
  return useMemo(() => {
    if (!wallet || !address || !market || chainId !== market.chain.id) return null
    return createWalletClient({ account: address, chain: market.chain, transport: custom(wallet.provider) })
  }, [wallet, address, chainId, market])
}
