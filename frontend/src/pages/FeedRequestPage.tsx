import type { FeedRequestView } from '@veritree/core/api'
import { Hex } from '../components/Hex.tsx'
import { RefundPanel } from '../components/RefundPanel.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useFeedRequest } from '../hooks/useFeed.ts'
import { useReclaim } from '../hooks/useReclaim.ts'
import { formatTime, formatWei } from '../lib/format.ts'
import { describeJobError } from '../lib/jobError.ts'
import { requestStateBadge } from '../lib/models.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** One paid request for predictions, followed from escrow to proven predictions and certificate. */
export function FeedRequestPage({ requestId }: { requestId: string }) {
  const request = useFeedRequest(requestId)
  if (!/^0x[0-9a-fA-F]{64}$/.test(requestId))
    return (
      <Notice kind="error" title="Not a request id">
        A request id is 0x followed by 64 hex digits.
      </Notice>
    )
  if (request.isPending) return <Loading>Loading the request…</Loading>
  if (request.awaitingIndex) return <Loading>Waiting for the server to see your payment on chain…</Loading>
  if (request.error)
    return (
      <ErrorNotice
        error={request.error}
        title="Could not load this request"
        onRetry={() => void request.refetch()}
      />
    )
  const r = request.data
  const badge = requestStateBadge(r.state)
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Predictions</h1>
          <p>
            Request <Hex value={r.requestId} keep={6} /> · <Link to={paths.feed(r.feed)}>feed</Link> ·{' '}
            {r.count} {r.count === 1 ? 'row' : 'rows'} · paid {formatWei(r.priceWei)}
          </p>
        </div>
        <span className={`badge ${badge.tone}`} data-testid="request-state" data-state={r.state}>
          {badge.label}
        </span>
      </div>
      <div className="two-col">
        <section className="card stack">
          <h2>Proven predictions</h2>
          <Predictions request={r} />
          {r.certificate ? (
            <p>
              <Link to={paths.feedCertificate(r.requestId)}>Open the certificate</Link>
            </p>
          ) : null}
        </section>
        <section className="card stack">
          <h2>Proof</h2>
          <dl className="facts">
            <dt>Inputs hash</dt>
            <dd>
              <Hex value={r.inputsHash} keep={8} />
            </dd>
            <dt>Paid</dt>
            <dd>
              {formatTime(Date.parse(r.createdAt))} · <Hex value={r.openedTx} />
            </dd>
            {r.settleTx ? (
              <>
                <dt>Settlement</dt>
                <dd>
                  <Hex value={r.settleTx} />
                </dd>
              </>
            ) : null}
            {r.timestamp ? (
              <>
                <dt>Hedera timestamp</dt>
                <dd>
                  topic {r.timestamp.topicId} · #{r.timestamp.sequenceNumber}
                </dd>
              </>
            ) : null}
          </dl>
          <Outcome request={r} />
        </section>
      </div>
    </div>
  )
}

function Predictions({ request: r }: { request: FeedRequestView }) {
  if (!r.predictions) {
    if (r.state === 'awaiting_inputs')
      return (
        <p className="muted">
          The server has no rows hashing to this request's inputs hash yet. Upload them from the feed page; if
          none arrive, the escrow is refunded.
        </p>
      )
    return <p className="muted">The predictions appear here once they are proven and settled on chain.</p>
  }
  return (
    <div className="table-wrap">
      <table data-testid="predictions">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>Prediction</th>
            <th className="num">Class index</th>
          </tr>
        </thead>
        <tbody>
          {r.predictions.labels.map((label, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reorder
            <tr key={i}>
              <td className="num">{i + 1}</td>
              <td data-testid="prediction">{label}</td>
              <td className="num">{r.predictions?.classes[i]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Outcome({ request: r }: { request: FeedRequestView }) {
  const described = describeJobError(r.error)
  if (r.state === 'failed')
    return (
      <Notice kind="error" title="This request failed">
        {described?.message ?? 'No reason was recorded.'}
        {described?.code ? <code data-testid="request-error-code"> {described.code}</code> : null}
      </Notice>
    )
  if (r.state === 'refunding' || r.state === 'refunded')
    return (
      <Notice kind="warn" title={r.state === 'refunded' ? 'Refunded' : 'Refunding'}>
        <p data-testid="request-refund">
          This request cannot be proven{r.refund ? ` (reason ${r.refund.reason})` : ''}: the service refunds
          your full payment on-chain, to your balance in the feed.
        </p>
        {r.state === 'refunded' ? <RefundPanel market={r.feed} customer={r.customer} place="feed" /> : null}
      </Notice>
    )
  if (r.state !== 'done' && r.deadline * 1000 <= Date.now()) return <Reclaim request={r} />
  if (r.state !== 'done' && r.error)
    return (
      <Notice kind="warn" title="The last attempt did not succeed; the service keeps trying">
        {described?.message}
      </Notice>
    )
  return null
}

/** After the deadline the consumer takes back an unsettled escrow (ProvenEscrow.reclaim, as for jobs). */
function Reclaim({ request: r }: { request: FeedRequestView }) {
  const reclaim = useReclaim(r.feed, r.requestId)
  return (
    <Notice
      kind="warn"
      title="The settlement deadline has passed"
      actions={
        <button
          type="button"
          onClick={() => reclaim.mutate()}
          disabled={reclaim.isPending || reclaim.isSuccess}
        >
          {reclaim.isSuccess ? 'Reclaimed' : reclaim.isPending ? 'Reclaiming…' : 'Reclaim my escrow'}
        </button>
      }
    >
      <span>
        Nobody settled this request in time. You may take back the {formatWei(r.priceWei)} you paid.
      </span>
      {reclaim.error ? <p className="field-error">{describeWalletError(reclaim.error)}</p> : null}
    </Notice>
  )
}
