import { useContext } from 'react'
import { type Wallet, WalletContext } from './WalletContext.tsx'

/** The wallet connection; must be used under {@link WalletProvider}. */
export function useWallet(): Wallet {
  const wallet = useContext(WalletContext)
  if (!wallet) throw new Error('useWallet must be used inside <WalletProvider>')
  return wallet
}
