import type { Page } from 'playwright-core'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  type Hex,
  hexToBigInt,
  http,
  numberToHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/**
 * A browser wallet for tests: `window.ethereum` (EIP-1193, also announced through EIP-6963) whose
 * requests are bridged to this Node process, where a viem account holding a dev private key really
 * signs and sends. Nothing is mocked past the wallet's own UI: signatures verify and transactions
 * land on the local chain.
 */
export type TestWallet = {
  address: Address
  /** Make the next request that needs the user's approval fail as if the user clicked "Reject". */
  rejectNext(): void
  /** Pretend the user switched the wallet to another chain (emits chainChanged to the page). */
  setChain(chainId: number): Promise<void>
  /** The chain the wallet reports now. */
  chainId(): number
  /** Requests the page made, newest last (method names only), for assertions. */
  requests: string[]
}

type RpcError = { code: number; message: string }
type BridgeAnswer = { result: unknown } | { error: RpcError }

const USER_REJECTED: RpcError = { code: 4001, message: 'User rejected the request.' }
/** Methods that open a wallet prompt, and so can be rejected. */
const NEEDS_APPROVAL = new Set([
  'eth_requestAccounts',
  'personal_sign',
  'eth_sendTransaction',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
])

/**
 * Installs the wallet in `page` (before any navigation). `startChainId` lets a test begin on the wrong
 * chain; the wallet only sends transactions while it is on `chainId`.
 *
 * @example
 * const wallet = await installTestWallet(page, { privateKey: stack.accounts[1], rpc: stack.rpcUrl, chainId: stack.chainId })
 */
export async function installTestWallet(
  page: Page,
  options: {
    privateKey: Hex
    /** The node the wallet talks to: a JSON-RPC URL, or an in-process EIP-1193 provider. */
    rpc: string | EIP1193Provider
    chainId: number
    startChainId?: number
  },
): Promise<TestWallet> {
  const account = privateKeyToAccount(options.privateKey)
  const chain = defineChain({
    id: options.chainId,
    name: 'Veritree local chain',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: typeof options.rpc === 'string' ? [options.rpc] : [] } },
  })
  const transport = typeof options.rpc === 'string' ? http(options.rpc) : custom(options.rpc)
  const publicClient = createPublicClient({ chain, transport })
  const walletClient = createWalletClient({ account, chain, transport })
  let current = options.startChainId ?? options.chainId
  let authorized = false
  let reject = false
  const requests: string[] = []

  const emit = async (event: string, data: unknown): Promise<void> => {
    await page.evaluate(
      ([name, payload]) =>
        (window as unknown as { __testWalletEmit(n: string, p: unknown): void }).__testWalletEmit(
          name as string,
          payload,
        ),
      [event, data] as const,
    )
  }

  const handle = async (method: string, params: unknown[]): Promise<unknown> => {
    switch (method) {
      case 'eth_requestAccounts':
        authorized = true
        return [account.address]
      case 'eth_accounts':
        return authorized ? [account.address] : []
      case 'eth_chainId':
        return numberToHex(current)
      case 'net_version':
        return String(current)
      case 'wallet_switchEthereumChain': {
        const wanted = Number((params[0] as { chainId: Hex }).chainId)
        if (wanted !== options.chainId) throw { code: 4902, message: `Unrecognized chain ID ${wanted}.` }
        current = wanted
        await emit('chainChanged', numberToHex(current))
        return null
      }
      case 'wallet_addEthereumChain':
        return null
      case 'personal_sign': {
        const [message, from] = params as [Hex, Address]
        if (from.toLowerCase() !== account.address.toLowerCase())
          throw { code: 4100, message: `Unknown account ${from}` }
        return account.signMessage({ message: { raw: message } })
      }
      case 'eth_sendTransaction': {
        if (current !== options.chainId)
          throw { code: 4901, message: `The wallet is on chain ${current}, not ${options.chainId}.` }
        const tx = params[0] as { to?: Address; data?: Hex; value?: Hex; gas?: Hex }
        return walletClient.sendTransaction({
          account,
          chain,
          ...(tx.to ? { to: tx.to } : {}),
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.value ? { value: hexToBigInt(tx.value) } : {}),
          ...(tx.gas ? { gas: hexToBigInt(tx.gas) } : {}),
        })
      }
      default:
        if (current !== options.chainId)
          throw { code: 4901, message: `The wallet is on chain ${current}; reads are not served there.` }
        // Reads (eth_call, estimateGas, receipts, blocks) go to the node as a real wallet would.
        return publicClient.request({ method, params } as never)
    }
  }

  await page.exposeFunction(
    '__testWalletRequest',
    async (method: string, params: unknown[] | undefined): Promise<BridgeAnswer> => {
      requests.push(method)
      if (reject && NEEDS_APPROVAL.has(method)) {
        reject = false
        return { error: USER_REJECTED }
      }
      try {
        return { result: await handle(method, params ?? []) }
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown; shortMessage?: unknown }
        return {
          error: {
            code: typeof e.code === 'number' ? e.code : -32603,
            message: String(e.shortMessage ?? e.message ?? error),
          },
        }
      }
    },
  )
  await page.addInitScript(injectProvider)

  return {
    address: account.address,
    rejectNext: () => {
      reject = true
    },
    setChain: async (chainId) => {
      current = chainId
      await emit('chainChanged', numberToHex(chainId))
    },
    chainId: () => current,
    requests,
  }
}

/** Runs in the page before its scripts: defines the provider and answers EIP-6963 discovery. */
function injectProvider(): void {
  type Listener = (payload: unknown) => void
  const listeners = new Map<string, Set<Listener>>()
  const w = window as unknown as {
    ethereum: unknown
    __testWalletRequest(
      method: string,
      params: unknown,
    ): Promise<{ result?: unknown; error?: { code: number; message: string } }>
    __testWalletEmit(name: string, payload: unknown): void
  }
  const provider = {
    isVeritreeTestWallet: true,
    async request({ method, params }: { method: string; params?: unknown }) {
      const answer = await w.__testWalletRequest(method, params)
      if (answer.error) throw Object.assign(new Error(answer.error.message), { code: answer.error.code })
      return answer.result
    },
    on(name: string, listener: Listener) {
      if (!listeners.has(name)) listeners.set(name, new Set())
      listeners.get(name)?.add(listener)
      return provider
    },
    removeListener(name: string, listener: Listener) {
      listeners.get(name)?.delete(listener)
      return provider
    },
  }
  w.__testWalletEmit = (name, payload) => {
    for (const listener of listeners.get(name) ?? []) listener(payload)
  }
  w.ethereum = provider
  const info = {
    uuid: '6f1c1e5e-0000-4000-8000-7665726974726565',
    name: 'Veritree Test Wallet',
    icon: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCAxIDEiLz4=',
    rdns: 'dev.veritree.testwallet',
  }
  const announce = () =>
    window.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }),
    )
  window.addEventListener('eip6963:requestProvider', announce)
  announce()
}
