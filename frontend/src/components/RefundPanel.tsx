import type { Address } from 'viem'
import { useMarketBalance } from '../hooks/useMarketBalance.ts'
import { useWithdraw } from '../hooks/useWithdraw.ts'
import { formatWei } from '../lib/format.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { Notice } from './Status.tsx'
import { WalletGate } from './WalletGate.tsx'

type RefundPanelProps = {
  /**
   * The escrow contract: a dataset market, or an inference feed (both are ProvenEscrow, whose
   * `balances`/`withdraw` the market calls in src/chain/market.ts use).
   */
  market: Address
  customer: Address
  /** What to call the contract in the text. */
  place?: 'market' | 'feed'
}

/** After a not-met proof (or an unprovable request) the escrow is credited back; the customer withdraws it here. */
export function RefundPanel({ market, customer, place = 'market' }: RefundPanelProps) {
  return (
    <WalletGate purpose="withdraw your refund">
      <RefundBalance market={market} customer={customer} place={place} />
    </WalletGate>
  )
}

function RefundBalance({ market, customer, place }: Required<RefundPanelProps>) {
  const balance = useMarketBalance(market, customer)
  const withdrawal = useWithdraw(market)
  const amount = balance.data ?? 0n
  return (
    <Notice
      kind="info"
      title={`Your escrow was refunded to your balance in the ${place}`}
      actions={
        amount > 0n ? (
          <button type="button" onClick={() => withdrawal.mutate()} disabled={withdrawal.isPending}>
            {withdrawal.isPending ? 'Withdrawing…' : `Withdraw ${formatWei(amount)}`}
          </button>
        ) : null
      }
    >
      <span>
        {balance.isPending
          ? 'Reading your balance…'
          : amount > 0n
            ? `${formatWei(amount)} is waiting for you.`
            : 'Nothing left to withdraw.'}
      </span>
      {withdrawal.error ? <p className="field-error">{describeWalletError(withdrawal.error)}</p> : null}
    </Notice>
  )
}
