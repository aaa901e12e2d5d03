import { useQuery } from '@tanstack/react-query'
import type { FeedView } from '@veritree/core/api'
import { jobQuery } from '../api/queries.ts'
import { FeedOwnerControls } from '../components/FeedOwnerControls.tsx'
import { FeedRequestTable } from '../components/FeedRequestTable.tsx'
import { Hex } from '../components/Hex.tsx'
import { PredictForm } from '../components/PredictForm.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useDataset } from '../hooks/useDataset.ts'
import { useFeed } from '../hooks/useFeed.ts'
import { isFeedOwner } from '../lib/feedOwner.ts'
import { formatBps, formatRatio, formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { useWallet } from '../wallet/useWallet.ts'

/** One inference feed: its model's proven accuracy, the price, a way to buy predictions, the requests. */
export function FeedPage({ address }: { address: string }) {
  const feed = useFeed(address)
  const wallet = useWallet()
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    return (
      <Notice kind="error" title="Not a feed address">
        A feed address is 0x followed by 40 hex digits.
      </Notice>
    )
  if (feed.isPending) return <Loading>Loading the feed…</Loading>
  if (feed.error)
    return (
      <ErrorNotice error={feed.error} title="Could not load this feed" onRetry={() => void feed.refetch()} />
    )
  const { feed: f, requests } = feed.data
  return (
    <div className="stack">
      <FeedHead feed={f} />
      <div className="two-col">
        <ProvenModel feed={f} />
        <section className="card stack">
          <h2>Price</h2>
          <div className="stat">
            <span className="label">Per prediction</span>
            <span className="price" data-testid="feed-price">
              {formatWei(f.pricePerPrediction)}
            </span>
          </div>
          <p className="muted">
            You pay into escrow. The payment is released only once the predictions are proven to come from
            this model and verified on chain; a request that cannot be proven is refunded. Up to {f.maxCount}{' '}
            rows per request.{' '}
            {f.royaltyBps > 0
              ? `Of each payment, ${formatBps(f.royaltyBps)} goes to the vendor of the dataset the model was trained on.`
              : 'This market pays its dataset vendor no royalty.'}
          </p>
        </section>
      </div>
      {/* The contract checks the owner again; this only spares others a control that would revert. */}
      {isFeedOwner(f, wallet.address) ? <FeedOwnerControls feed={f} /> : null}
      {!f.acceptingRequests ? (
        <Notice kind="warn" title="This feed is paused">
          Its owner has stopped new requests for now; requests already paid are still proven and settled.
        </Notice>
      ) : (
        <section className="card">
          <PredictForm feed={f} />
        </section>
      )}
      <section className="card stack">
        <h2>Requests</h2>
        <FeedRequestTable requests={requests} />
      </section>
    </div>
  )
}

function FeedHead({ feed }: { feed: FeedView }) {
  const dataset = useDataset(feed.datasetId)
  const name = dataset.data?.dataset.name ?? `Dataset ${feed.datasetId}`
  return (
    <div className="page-head">
      <div>
        <h1>Inference feed</h1>
        <p>
          A model trained on <Link to={paths.dataset(String(feed.datasetId))}>{name}</Link> · feed{' '}
          <Hex value={feed.address} /> · owner <Hex value={feed.owner} />
        </p>
      </div>
      <span className={`badge ${feed.acceptingRequests ? 'pass' : 'warn'}`} data-testid="feed-state">
        {feed.acceptingRequests ? 'accepting requests' : 'paused'}
      </span>
    </div>
  )
}

/** The accuracy proven when the model was sold: from its sale, with the certificate that proves it. */
function ProvenModel({ feed }: { feed: FeedView }) {
  const sale = useQuery(jobQuery(feed.saleJobId))
  const result = sale.data?.result
  return (
    <section className="card stack">
      <h2>The model</h2>
      <dl className="facts">
        <dt>Proven accuracy</dt>
        <dd data-testid="feed-accuracy">
          {sale.isPending
            ? '…'
            : result
              ? `${formatRatio(result.correct, result.total)} on its buyer's test set (${result.correct} of ${result.total})`
              : '—'}
        </dd>
        <dt>Model hash</dt>
        <dd>
          <Hex value={feed.modelHash} keep={8} />
        </dd>
        <dt>Predicts</dt>
        <dd>{feed.classes.join(', ')}</dd>
        <dt>From</dt>
        <dd>{feed.features.join(', ')}</dd>
      </dl>
      <p>
        <Link to={paths.certificate(feed.saleJobId)}>Sale certificate</Link>{' '}
        <span className="muted">
          proves this model's accuracy (model hash, test-set hash, proof, attestation).
        </span>
      </p>
      {sale.error ? <ErrorNotice error={sale.error} title="Could not load the sale" /> : null}
    </section>
  )
}
