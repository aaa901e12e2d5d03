import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { hardhat } from 'viem/chains'

export type DevWallet = WalletClient<Transport, Chain, Account>

export function devClients(rpcUrl: string): {
  publicClient: PublicClient
  wallet(account: Account): DevWallet
} {
  const transport = http(rpcUrl)
  return {
    publicClient: createPublicClient({ chain: hardhat, transport, pollingInterval: 200 }) as PublicClient,
    wallet: (account) => createWalletClient({ account, chain: hardhat, transport }),
  }
}
