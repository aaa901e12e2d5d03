import type { FeedView } from '@veritree/core/api'
import { useState } from 'react'
import { type Address, formatEther } from 'viem'
import { useFeedOwner } from '../hooks/useFeedOwner.ts'
import { describePriceChange, parseNewPrice } from '../lib/feedOwner.ts'
import { formatWei } from '../lib/format.ts'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'

/**
 * The feed owner's controls (shown only to the connected owner; the contract checks it again): the
 * price of requests paid from now on, and pausing or resuming new requests. Paid requests are
 * unaffected by either.
 */
export function FeedOwnerControls({ feed }: { feed: FeedView }) {
  const [price, setPrice] = useState(() => formatEther(BigInt(feed.pricePerPrediction)))
  const { state, change, reset } = useFeedOwner(feed.address as Address)
  const parsed = parseNewPrice(price, feed.pricePerPrediction)
  const busy = state.step === 'signing' || state.step === 'confirming' || state.step === 'indexing'
  const what = (s: typeof state) =>
    s.step === 'idle'
      ? ''
      : 'price' in s.change
        ? 'new price'
        : s.change.acceptingRequests
          ? 'resume'
          : 'pause'

  return (
    <section className="card stack" data-testid="feed-owner-controls">
      <h2>Your feed</h2>
      <div className="form-grid">
        <label>
          Price per prediction (ETH)
          <input
            name="newPricePerPrediction"
            inputMode="decimal"
            value={price}
            onChange={(e) => {
              setPrice(e.target.value)
              if (state.step === 'idle' || state.step === 'done') reset()
            }}
            disabled={busy}
            aria-invalid={'error' in parsed}
          />
          {'error' in parsed ? (
            <span className="field-error">{parsed.error}</span>
          ) : 'unchanged' in parsed ? (
            <span className="hint">The current price: type a new one to change it.</span>
          ) : (
            <span className="hint">{describePriceChange(feed.pricePerPrediction, parsed.wei)}</span>
          )}
        </label>
      </div>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            if ('wei' in parsed) void change({ price: parsed.wei })
          }}
          disabled={busy || !('wei' in parsed)}
        >
          Set price
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="feed-pause-toggle"
          onClick={() => void change({ acceptingRequests: !feed.acceptingRequests })}
          disabled={busy}
        >
          {feed.acceptingRequests ? 'Pause new requests' : 'Resume requests'}
        </button>
        <span className="muted">
          {feed.acceptingRequests
            ? 'Pausing stops new payments; requests already paid are still proven and settled.'
            : 'Paused: nobody can pay for new predictions until you resume.'}
        </span>
      </div>
      {state.step === 'idle' && state.error ? (
        <Notice kind="error" title="Nothing was changed">
          {state.error}
        </Notice>
      ) : null}
      {state.step === 'signing' ? (
        <Notice kind="info" title={`Confirm the ${what(state)} in your wallet…`} />
      ) : null}
      {state.step === 'confirming' ? (
        <Notice kind="info" title="Waiting for the change to be mined…">
          Transaction <Hex value={state.txHash} />
        </Notice>
      ) : null}
      {state.step === 'indexing' ? (
        <Notice kind="info" title="Changed on chain; waiting for the marketplace to see it…" />
      ) : null}
      {state.step === 'done' ? (
        <Notice kind="success" title="Done">
          {'price' in state.change
            ? `New requests now pay ${formatWei(state.change.price)} per prediction.`
            : state.change.acceptingRequests
              ? 'The feed accepts new requests again.'
              : 'The feed is paused: it takes no new requests.'}
        </Notice>
      ) : null}
    </section>
  )
}
