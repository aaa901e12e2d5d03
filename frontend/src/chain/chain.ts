import type { Health } from '@veritree/core/api'
import { type Chain, defineChain } from 'viem'

/** Chain names for ids a user may recognise; anything else is named by its id. */
const KNOWN_NAMES: Record<number, string> = {
  1: 'Ethereum',
  11155111: 'Sepolia',
  31337: 'Veritree local chain',
}

/**
 * The marketplace's chain, from `GET /api/health`. The backend is the single source of truth for the
 * chain id and RPC URL, so the same build works against the local devnet and a real network.
 *
 * @example
 * const chain = chainFromHealth({ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545', ... })
 */
export function chainFromHealth(health: Pick<Health, 'chainId' | 'rpcUrl'>): Chain {
  const rpc = health.rpcUrl ? [health.rpcUrl] : []
  return defineChain({
    id: health.chainId,
    name: KNOWN_NAMES[health.chainId] ?? `Chain ${health.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: rpc } },
  })
}
