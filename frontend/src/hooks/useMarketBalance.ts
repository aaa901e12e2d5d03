import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { balanceQuery } from '../chain/queries.ts'
import { useMarketChain } from './useMarketChain.ts'

/** What `account` can withdraw from `market`, read on chain. */
export function useMarketBalance(market: Address, account: Address) {
  const publicClient = useMarketChain().data?.publicClient ?? null
  return useQuery(balanceQuery(publicClient, market, account))
}
