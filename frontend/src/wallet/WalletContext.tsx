import { createContext, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react'
import { type Address, type Chain, getAddress, numberToHex } from 'viem'
import { describeWalletError } from '../lib/walletErrors.ts'
import { type DiscoveredWallet, discoverWallet, injectedWallet } from './discover.ts'

export type WalletStatus = 'idle' | 'connecting' | 'connected'

export type Wallet = {
  status: WalletStatus
  /** The wallet in use once connected (or found already authorised on load). */
  wallet: DiscoveredWallet | null
  address: Address | null
  /** The chain the wallet is on right now, which may not be the marketplace's. */
  chainId: number | null
  /** The last connection problem, in words for the user. */
  error: string | null
  /** Asks the wallet for an account (opens its prompt). */
  connect: () => Promise<void>
  /** Forgets the account on this page; wallets have no standard way to revoke from a dapp. */
  disconnect: () => void
  /** Asks the wallet to switch to `chain`, adding it first if the wallet does not know it. */
  switchChain: (chain: Chain) => Promise<void>
}

export const WalletContext = createContext<Wallet | null>(null)

const FORGOTTEN_KEY = 'veritree.wallet.disconnected'

/** Holds the wallet connection and follows the wallet's account and chain changes. */
export function WalletProvider({ children }: { children: ReactNode }) {
  const [wallet, setWallet] = useState<DiscoveredWallet | null>(null)
  const [address, setAddress] = useState<Address | null>(null)
  const [chainId, setChainId] = useState<number | null>(null)
  const [status, setStatus] = useState<WalletStatus>('idle')
  const [error, setError] = useState<string | null>(null)

  // An already-authorised injected wallet reconnects silently (eth_accounts never prompts).
  useEffect(() => {
    if (localStorage.getItem(FORGOTTEN_KEY) === '1') return
    let cancelled = false
    void (async () => {
      const found = await injectedWallet()
      if (!found || cancelled) return
      try {
        const accounts = (await found.provider.request({ method: 'eth_accounts' })) as string[]
        const chain = (await found.provider.request({ method: 'eth_chainId' })) as string
        if (cancelled || !accounts[0]) return
        setWallet(found)
        setAddress(getAddress(accounts[0]))
        setChainId(Number(chain))
        setStatus('connected')
      } catch {
        // A wallet that cannot answer silently simply stays disconnected until the user clicks.
      }
    })()
    return () => {
      cancelled = true
    }
  }, [])

  useEffect(() => {
    if (!wallet) return
    const provider = wallet.provider
    const onAccounts = (accounts: readonly string[]): void => {
      if (accounts[0]) {
        setAddress(getAddress(accounts[0]))
        setStatus('connected')
      } else {
        setAddress(null)
        setStatus('idle')
      }
    }
    const onChain = (chain: string): void => setChainId(Number(chain))
    provider.on('accountsChanged', onAccounts)
    provider.on('chainChanged', onChain)
    return () => {
      provider.removeListener('accountsChanged', onAccounts)
      provider.removeListener('chainChanged', onChain)
    }
  }, [wallet])

  const connect = useCallback(async () => {
    setStatus('connecting')
    setError(null)
    try {
      const found = await discoverWallet()
      const accounts = (await found.provider.request({ method: 'eth_requestAccounts' })) as string[]
      const chain = (await found.provider.request({ method: 'eth_chainId' })) as string
      if (!accounts[0]) throw new Error('The wallet returned no account.')
      localStorage.removeItem(FORGOTTEN_KEY)
      setWallet(found)
      setAddress(getAddress(accounts[0]))
      setChainId(Number(chain))
      setStatus('connected')
    } catch (cause) {
      setStatus('idle')
      setError(describeWalletError(cause))
    }
  }, [])

  const disconnect = useCallback(() => {
    localStorage.setItem(FORGOTTEN_KEY, '1')
    setAddress(null)
    setStatus('idle')
  }, [])

  const switchChain = useCallback(
    async (chain: Chain) => {
      if (!wallet) return
      setError(null)
      const chainIdHex = numberToHex(chain.id)
      try {
        await wallet.provider.request({
          method: 'wallet_switchEthereumChain',
          params: [{ chainId: chainIdHex }],
        })
      } catch (cause) {
        // 4902: the wallet does not know this chain yet; add it (which also switches).
        if ((cause as { code?: number }).code !== 4902) {
          setError(describeWalletError(cause))
          return
        }
        try {
          await wallet.provider.request({
            method: 'wallet_addEthereumChain',
            params: [
              {
                chainId: chainIdHex,
                chainName: chain.name,
                nativeCurrency: chain.nativeCurrency,
                rpcUrls: [...chain.rpcUrls.default.http],
              },
            ],
          })
        } catch (addCause) {
          setError(describeWalletError(addCause))
          return
        }
      }
      const now = (await wallet.provider.request({ method: 'eth_chainId' })) as string
      setChainId(Number(now))
    },
    [wallet],
  )

  const value = useMemo<Wallet>(
    () => ({ status, wallet, address, chainId, error, connect, disconnect, switchChain }),
    [status, wallet, address, chainId, error, connect, disconnect, switchChain],
  )
  return <WalletContext value={value}>{children}</WalletContext>
}
