import { useMarketChain } from '../hooks/useMarketChain.ts'
import { useWallet } from '../wallet/useWallet.ts'

/** Shown across the top while the wallet is on another chain than the marketplace, with a fix. */
export function NetworkBanner() {
  const { status, chainId, switchChain, error } = useWallet()
  const market = useMarketChain().data
  if (status !== 'connected' || !market || chainId === null || chainId === market.chain.id) return null
  return (
    <div className="network-banner" role="alert">
      <div className="header-inner">
        <span>
          Your wallet is on chain {chainId}; Veritree runs on <strong>{market.chain.name}</strong> (chain{' '}
          {market.chain.id}).
          {error ? ` ${error}` : ''}
        </span>
        <button type="button" className="small" onClick={() => void switchChain(market.chain)}>
          Switch network
        </button>
      </div>
    </div>
  )
}
