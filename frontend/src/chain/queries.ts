import { queryOptions } from '@tanstack/react-query'
import type { Address, PublicClient } from 'viem'
import { readBalance } from './market.ts'

/** Constant-prefixed keys for on-chain reads, so a transaction can invalidate them. */
export const chainKeys = {
  balance: (market: Address, account: Address) =>
    ['chain', 'balance', market.toLowerCase(), account.toLowerCase()] as const,
}

/** A market balance read from the chain itself (not the server's view of it). */
export const balanceQuery = (publicClient: PublicClient | null, market: Address, account: Address) =>
  queryOptions({
    queryKey: chainKeys.balance(market, account),
    queryFn: () => {
      if (!publicClient)
        throw new Error('No way to read the chain: the server gave no RPC URL and no wallet is connected.')
      return readBalance(publicClient, market, account)
    },
    enabled: publicClient !== null,
  })
