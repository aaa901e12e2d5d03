import type { VendorDataset } from '@veritree/core/api'
import type { Address } from 'viem'
import { useMarketBalance } from '../hooks/useMarketBalance.ts'
import { useWithdraw } from '../hooks/useWithdraw.ts'
import { formatWei } from '../lib/format.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** One of the vendor's datasets: sales, price, and the on-chain balance with a withdraw button. */
export function VendorDatasetRow({ dataset, vendor }: { dataset: VendorDataset; vendor: Address }) {
  return (
    <tr>
      <td>
        <Link to={paths.dataset(String(dataset.id))}>{dataset.name}</Link>
      </td>
      <td className="num">{dataset.sales}</td>
      <td className="num">{formatWei(dataset.price)}</td>
      {dataset.market ? (
        <Earnings market={dataset.market} vendor={vendor} />
      ) : (
        <td colSpan={2}>
          <span className="badge warn">Market opening</span>
        </td>
      )}
    </tr>
  )
}

/**
 * Two cells: what an escrow contract (a market, or a feed: both ProvenEscrow) holds for `vendor`, and
 * the withdraw button.
 */
export function Earnings({ market, vendor }: { market: Address; vendor: Address }) {
  const balance = useMarketBalance(market, vendor)
  const withdrawal = useWithdraw(market)
  const amount = balance.data ?? 0n
  return (
    <>
      <td className="num" data-testid="earnings">
        {balance.isPending ? (
          '…'
        ) : balance.error ? (
          <span className="field-error">unavailable</span>
        ) : (
          formatWei(amount)
        )}
      </td>
      <td>
        {amount > 0n ? (
          <button
            type="button"
            className="small"
            onClick={() => withdrawal.mutate()}
            disabled={withdrawal.isPending}
          >
            {withdrawal.isPending ? 'Withdrawing…' : 'Withdraw'}
          </button>
        ) : (
          <span className="faint">
            {withdrawal.isSuccess ? `Withdrew ${formatWei(withdrawal.data.amount)}` : 'Nothing to withdraw'}
          </span>
        )}
        {withdrawal.error ? <div className="field-error">{describeWalletError(withdrawal.error)}</div> : null}
      </td>
    </>
  )
}
