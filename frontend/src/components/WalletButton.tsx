import { shortHex } from '../lib/format.ts'
import { useWallet } from '../wallet/useWallet.ts'

/** Connect button, or the connected account with a way to disconnect. */
export function WalletButton() {
  const { status, address, wallet, connect, disconnect } = useWallet()
  if (status === 'connected' && address) {
    return (
      <div className="wallet">
        <span className="badge brand" title={`${wallet?.name ?? 'Wallet'}: ${address}`}>
          <span className="address">{shortHex(address)}</span>
        </span>
        <button type="button" className="ghost small" onClick={disconnect}>
          Disconnect
        </button>
      </div>
    )
  }
  return (
    <button type="button" className="small" onClick={() => void connect()} disabled={status === 'connecting'}>
      {status === 'connecting' ? 'Connecting…' : 'Connect wallet'}
    </button>
  )
}
