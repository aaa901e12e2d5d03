import type { Health } from '@veritree/core/api'
import { useMemo } from 'react'
import { type Chain, createPublicClient, custom, http, type PublicClient } from 'viem'
import { chainFromHealth } from '../chain/chain.ts'
import { useWallet } from '../wallet/useWallet.ts'
import { useHealth } from './useHealth.ts'

export type MarketChain = {
  health: Health
  chain: Chain
  /**
   * Reads the chain: over the server's public RPC URL when it gives one (works without a wallet, e.g.
   * for a shared certificate), else through the connected wallet, else null.
   */
  publicClient: PublicClient | null
}

/** The marketplace's chain and a client to read it, once `/api/health` has answered. */
export function useMarketChain(): { data: MarketChain | undefined; error: Error | null; isPending: boolean } {
  const health = useHealth()
  const { wallet } = useWallet()
  const data = useMemo(() => {
    if (!health.data) return undefined
    const chain = chainFromHealth(health.data)
    const transport = health.data.rpcUrl ? http(health.data.rpcUrl) : wallet ? custom(wallet.provider) : null
    const publicClient = transport ? (createPublicClient({ chain, transport }) as PublicClient) : null
    return { health: health.data, chain, publicClient }
  }, [health.data, wallet])
  return { data, error: health.error, isPending: health.isPending }
}
