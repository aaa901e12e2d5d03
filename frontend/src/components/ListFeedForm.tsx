import { useState } from 'react'
import type { Address, Hex as HexString } from 'viem'
import { useCreateFeed } from '../hooks/useCreateFeed.ts'
import { parsePricePerPrediction } from '../lib/feedPrice.ts'
import { formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'

/** "List as a feed": a price per prediction, then DatasetFactory.createFeed from the owner's wallet. */
export function ListFeedForm({ market, jobId }: { market: Address; jobId: HexString }) {
  const [price, setPrice] = useState('0.001')
  const { state, list } = useCreateFeed()
  const parsed = parsePricePerPrediction(price)
  const busy = state.step === 'signing' || state.step === 'confirming' || state.step === 'indexing'

  const onList = (): void => {
    if ('wei' in parsed) void list({ market, jobId, pricePerPrediction: parsed.wei })
  }

  return (
    <fieldset className="stack">
      <legend>List as a feed</legend>
      <div className="form-grid">
        <label>
          Price per prediction (ETH)
          <input
            name="pricePerPrediction"
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            disabled={busy}
            aria-invalid={'error' in parsed}
          />
          {'error' in parsed ? (
            <span className="field-error">{parsed.error}</span>
          ) : (
            <span className="hint">
              {formatWei(parsed.wei)} per row. The dataset's vendor gets the market's royalty from each sale.
            </span>
          )}
        </label>
      </div>
      {state.step === 'idle' && state.error ? (
        <Notice kind="error" title="The feed was not listed">
          {state.error}
        </Notice>
      ) : null}
      {state.step === 'signing' ? <Notice kind="info" title="Confirm the listing in your wallet…" /> : null}
      {state.step === 'confirming' ? (
        <Notice kind="info" title="Waiting for the listing to be mined…">
          Transaction <Hex value={state.txHash} />
        </Notice>
      ) : null}
      {state.step === 'indexing' ? (
        <Notice kind="info" title="Listed on chain; waiting for the marketplace to see it…" />
      ) : null}
      {state.step === 'done' ? (
        <Notice kind="success" title="Your model is listed">
          <Link to={paths.feed(state.feed)}>Open the feed</Link>
        </Notice>
      ) : null}
      <div className="row">
        <button type="button" onClick={onList} disabled={busy || 'error' in parsed || state.step === 'done'}>
          {busy ? 'Listing…' : 'List as a feed'}
        </button>
        <span className="muted">
          One feed per model. The model stays sealed on the platform; only its hash is public.
        </span>
      </div>
    </fieldset>
  )
}
