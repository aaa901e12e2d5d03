import type { Address, WalletClient } from 'viem'
import { createSiweMessage } from 'viem/siwe'
import { apiFetch } from './client.ts'

/**
 * Signs in with Ethereum: fetches a single-use nonce, has the wallet sign a SIWE message for this
 * origin, and trades it for a session cookie.
 *
 * @example
 * const { address } = await signInWithEthereum(walletClient, 31337)
 */
export async function signInWithEthereum(
  walletClient: WalletClient,
  chainId: number,
): Promise<{ address: Address }> {
  const account = walletClient.account
  if (!account) throw new Error('Connect a wallet before signing in.')
  const { nonce } = await apiFetch<{ nonce: string }>('/auth/nonce')
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain: window.location.host,
    uri: window.location.origin,
    nonce,
    version: '1',
    statement: 'Sign in to Veritree. This signature costs nothing and sends no transaction.',
    issuedAt: new Date(),
  })
  const signature = await walletClient.signMessage({ account, message })
  return apiFetch<{ address: Address }>('/auth/verify', { method: 'POST', json: { message, signature } })
}

/** Ends the session (clears the cookie). */
export async function signOut(): Promise<void> {
  await apiFetch<unknown>('/auth/logout', { method: 'POST' })
}
