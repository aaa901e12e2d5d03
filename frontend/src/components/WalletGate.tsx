import type { ReactNode } from 'react'
import { useMarketChain } from '../hooks/useMarketChain.ts'
import { useMe } from '../hooks/useMe.ts'
import { useSignIn } from '../hooks/useSignIn.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { useWallet } from '../wallet/useWallet.ts'
import { Loading, Notice } from './Status.tsx'

type WalletGateProps = {
  /** What the user is about to do, e.g. "list a dataset". */
  purpose: string
  /** Also require a SIWE session for this account. */
  signIn?: boolean
  children: ReactNode
}

/**
 * Walks the user through what an action needs, one step at a time: a wallet, the marketplace's
 * network, and (when asked) signing in. Renders `children` only once all are in place, so no button
 * below it can fail for a missing precondition.
 */
export function WalletGate({ purpose, signIn = false, children }: WalletGateProps) {
  const wallet = useWallet()
  const market = useMarketChain()
  const me = useMe()
  const signInMutation = useSignIn()

  if (market.isPending) return <Loading>Finding the marketplace network…</Loading>
  if (!market.data)
    return (
      <Notice kind="error" title="The marketplace is unreachable">
        {market.error?.message}
      </Notice>
    )

  if (wallet.status !== 'connected' || !wallet.address) {
    return (
      <Notice
        kind="info"
        title={`Connect a wallet to ${purpose}`}
        actions={
          <button
            type="button"
            onClick={() => void wallet.connect()}
            disabled={wallet.status === 'connecting'}
          >
            {wallet.status === 'connecting' ? 'Waiting for your wallet…' : 'Connect wallet'}
          </button>
        }
      >
        <span>Veritree uses your browser wallet (or the MetaMask app) for payments and sign-in.</span>
        {wallet.error ? <p className="field-error">{wallet.error}</p> : null}
      </Notice>
    )
  }

  const target = market.data.chain
  if (wallet.chainId !== target.id) {
    return (
      <Notice
        kind="warn"
        title="Wrong network"
        actions={
          <button type="button" onClick={() => void wallet.switchChain(target)}>
            Switch to {target.name}
          </button>
        }
      >
        <span>
          Your wallet is on chain {wallet.chainId}. To {purpose}, switch it to {target.name} (chain{' '}
          {target.id}).
        </span>
        {wallet.error ? <p className="field-error">{wallet.error}</p> : null}
      </Notice>
    )
  }

  if (signIn) {
    if (me.isPending) return <Loading>Checking your session…</Loading>
    const signedIn = me.data?.address?.toLowerCase() === wallet.address.toLowerCase()
    if (!signedIn) {
      return (
        <Notice
          kind="info"
          title={`Sign in to ${purpose}`}
          actions={
            <button type="button" onClick={() => signInMutation.mutate()} disabled={signInMutation.isPending}>
              {signInMutation.isPending ? 'Waiting for your signature…' : 'Sign in with Ethereum'}
            </button>
          }
        >
          <span>Signing a message proves you own this address. It is free and sends no transaction.</span>
          {signInMutation.error ? (
            <p className="field-error">{describeWalletError(signInMutation.error)}</p>
          ) : null}
          {me.data?.address ? (
            <p className="muted">You are signed in as a different address; sign in again with this one.</p>
          ) : null}
        </Notice>
      )
    }
  }

  return <>{children}</>
}
