import type { JournalFormat, Preview } from '@veritree/core/api'
import { useState } from 'react'
import { usePay } from '../hooks/usePay.ts'
import { formatWei } from '../lib/format.ts'
import { markPaid } from '../lib/recentPayments.ts'
import { maxPriceWithSlippage } from '../lib/slippage.ts'
import { navigate } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { FormatChoice } from './FormatChoice.tsx'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'

const SLIPPAGE_CHOICES = [
  { bps: 0, label: 'None' },
  { bps: 100, label: '1%' },
  { bps: 500, label: '5%' },
  { bps: 1000, label: '10%' },
]

/** Pay into escrow for a met preview, with a slippage limit, then go to the live job page. */
export function PaySection({ preview }: { preview: Preview }) {
  const [slippageBps, setSlippageBps] = useState(100)
  // The strongest claim that fits is offered first: format 2 when its receipt fits, else format 1.
  const fitting = preview.formats.filter((f) => f.fits).map((f) => f.journalFormat)
  const [journalFormat, setJournalFormat] = useState<JournalFormat>(fitting.includes(2) ? 2 : 1)
  const { state, pay } = usePay()
  // The contract checks the expiry against block time; this only spares a doomed transaction.
  const expired = preview.terms.quoteExpiresAt * 1000 < Date.now()
  if (!preview.market || preview.price === null) {
    return (
      <Notice kind="warn" title="This dataset's market is not open yet">
        Try again once the vendor's transaction is on chain.
      </Notice>
    )
  }
  const market = preview.market
  const price = BigInt(preview.price)
  const maxPrice = maxPriceWithSlippage(price, slippageBps)
  const busy = state.step === 'signing' || state.step === 'confirming'

  const onPay = async (): Promise<void> => {
    const jobId = await pay({
      market,
      terms: preview.terms,
      journalFormat,
      price,
      slippageBps,
    })
    if (jobId) {
      markPaid(jobId)
      navigate(paths.job(jobId))
    }
  }

  return (
    <fieldset className="stack">
      <legend>Pay</legend>
      <FormatChoice
        formats={preview.formats}
        value={journalFormat}
        onChange={setJournalFormat}
        disabled={busy}
      />
      <div className="form-grid">
        <label>
          Slippage limit
          <select
            value={slippageBps}
            onChange={(e) => setSlippageBps(Number(e.target.value))}
            disabled={busy}
            name="slippage"
          >
            {SLIPPAGE_CHOICES.map((choice) => (
              <option key={choice.bps} value={choice.bps}>
                {choice.label}
              </option>
            ))}
          </select>
          <span className="hint">
            If another sale moves the price up first, you pay at most this much more.
          </span>
        </label>
        <div className="stat">
          <span className="label">You send at most</span>
          <span className="price">{formatWei(maxPrice)}</span>
        </div>
      </div>
      <p className="muted">
        The contract escrows its current price ({formatWei(price)} now) and returns the rest at once. The
        payment stays in escrow until the proof (
        {journalFormat === 2 ? "of your model's training and accuracy" : "of your model's accuracy"}) is
        verified on chain. If the proven accuracy misses your threshold, the escrow is refunded to you.
      </p>
      {state.step === 'idle' && state.error ? (
        <Notice kind="error" title="Payment not made">
          {state.error}
        </Notice>
      ) : null}
      {state.step === 'signing' ? <Notice kind="info" title="Confirm the payment in your wallet…" /> : null}
      {state.step === 'confirming' ? (
        <Notice kind="info" title="Waiting for the payment to be mined…">
          Transaction <Hex value={state.txHash} />
        </Notice>
      ) : null}
      {expired ? (
        <Notice kind="warn" title="This quote has expired">
          Preview again to get a fresh quote.
        </Notice>
      ) : null}
      <div className="row">
        <button type="button" onClick={() => void onPay()} disabled={busy || expired}>
          {busy ? 'Paying…' : `Pay ${formatWei(price)} and train`}
        </button>
      </div>
    </fieldset>
  )
}
