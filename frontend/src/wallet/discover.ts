import type { EIP1193Provider } from 'viem'

/** A wallet the page can talk to, and where it came from (shown in the header). */
export type DiscoveredWallet = {
  provider: EIP1193Provider
  /** Human name, e.g. "MetaMask" or the EIP-6963 announced name. */
  name: string
  source: 'eip6963' | 'injected' | 'metamask-sdk'
}

type Eip6963Detail = {
  info: { uuid: string; name: string; icon: string; rdns: string }
  provider: EIP1193Provider
}

declare global {
  interface Window {
    ethereum?: EIP1193Provider & { isMetaMask?: boolean }
  }
}

const ANNOUNCE_WAIT_MS = 150

/**
 * Finds wallets announced through EIP-6963. Wallets answer the request event synchronously or almost,
 * so a short wait is enough; the listener is always removed.
 */
export function announcedWallets(waitMs = ANNOUNCE_WAIT_MS): Promise<DiscoveredWallet[]> {
  return new Promise((resolve) => {
    const found = new Map<string, DiscoveredWallet>()
    const onAnnounce = (event: Event): void => {
      const detail = (event as CustomEvent<Eip6963Detail>).detail
      if (!detail?.provider || typeof detail.provider.request !== 'function') return
      found.set(detail.info.rdns || detail.info.uuid, {
        provider: detail.provider,
        name: detail.info.name,
        source: 'eip6963',
      })
    }
    window.addEventListener('eip6963:announceProvider', onAnnounce)
    window.dispatchEvent(new Event('eip6963:requestProvider'))
    setTimeout(() => {
      window.removeEventListener('eip6963:announceProvider', onAnnounce)
      // MetaMask first when several wallets are installed: the project's wallet of record.
      resolve(
        [...found.entries()]
          .sort(([a], [b]) => Number(b === 'io.metamask') - Number(a === 'io.metamask'))
          .map(([, w]) => w),
      )
    }, waitMs)
  })
}

/** The injected browser wallet, if any, without loading the MetaMask SDK. */
export async function injectedWallet(): Promise<DiscoveredWallet | null> {
  const [first] = await announcedWallets()
  if (first) return first
  const injected = window.ethereum
  if (injected && typeof injected.request === 'function') {
    return {
      provider: injected,
      name: injected.isMetaMask ? 'MetaMask' : 'Browser wallet',
      source: 'injected',
    }
  }
  return null
}

let sdkWallet: Promise<DiscoveredWallet> | null = null

/**
 * Loads the MetaMask SDK (a separate chunk, fetched only when no wallet is injected) and returns its
 * provider; on a phone without the extension this links to the MetaMask app.
 */
export function metaMaskSdkWallet(): Promise<DiscoveredWallet> {
  sdkWallet ??= (async () => {
    const { MetaMaskSDK } = await import('@metamask/sdk')
    const sdk = new MetaMaskSDK({
      dappMetadata: { name: 'Veritree', url: window.location.origin },
      checkInstallationImmediately: false,
      enableAnalytics: false,
      logging: { sdk: false },
    })
    await sdk.init()
    const provider = sdk.getProvider()
    if (!provider) throw new Error('The MetaMask SDK did not provide a wallet connection.')
    return {
      provider: provider as unknown as EIP1193Provider,
      name: 'MetaMask',
      source: 'metamask-sdk' as const,
    }
  })()
  sdkWallet.catch(() => {
    sdkWallet = null
  })
  return sdkWallet
}

/** The injected wallet when there is one (first choice), else the MetaMask SDK. */
export async function discoverWallet(): Promise<DiscoveredWallet> {
  return (await injectedWallet()) ?? (await metaMaskSdkWallet())
}
