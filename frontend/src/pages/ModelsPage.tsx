import type { Address } from 'viem'
import { Hex } from '../components/Hex.tsx'
import { ListFeedForm } from '../components/ListFeedForm.tsx'
import { ErrorNotice, Loading } from '../components/Status.tsx'
import { WalletGate } from '../components/WalletGate.tsx'
import { useDatasets } from '../hooks/useDatasets.ts'
import { useMarketBalance } from '../hooks/useMarketBalance.ts'
import { useMyModels } from '../hooks/useMyModels.ts'
import { useWithdraw } from '../hooks/useWithdraw.ts'
import { formatBps, formatRatio, formatTime, formatWei } from '../lib/format.ts'
import type { BoughtModel } from '../lib/models.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** Customers: the models they bought (proven, paid), each listable as an inference feed. */
export function ModelsPage() {
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>My models</h1>
          <p>
            Models you bought, each with a proven accuracy. List one as an inference feed: others pay per
            prediction, every prediction is proven to come from this model, and the model itself never leaves
            the platform. The dataset's vendor earns a royalty on each sale.
          </p>
        </div>
      </div>
      <WalletGate purpose="see your models" signIn>
        <ModelList />
      </WalletGate>
    </div>
  )
}

function ModelList() {
  const models = useMyModels()
  const datasets = useDatasets()
  if (models.isPending) return <Loading>Loading your models…</Loading>
  if (models.error)
    return <ErrorNotice error={models.error} title="Could not load your models" onRetry={models.refetch} />
  if (!models.data || models.data.length === 0)
    return (
      <section className="card empty">
        <p>
          You have no bought model yet: a model is yours once its sale settled with your threshold met.{' '}
          <Link to={paths.buy()}>Buy a model</Link>
        </p>
      </section>
    )
  const nameOf = (id: number): string => datasets.data?.find((d) => d.id === id)?.name ?? `Dataset ${id}`
  return (
    <div className="stack">
      {models.data.map((model) => (
        <ModelCard key={model.job.jobId} model={model} datasetName={nameOf(model.job.datasetId)} />
      ))}
    </div>
  )
}

function ModelCard({ model, datasetName }: { model: BoughtModel; datasetName: string }) {
  const { job, feed } = model
  const result = job.result
  return (
    <section className="card stack" data-testid="model-card" data-job={job.jobId.toLowerCase()}>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 style={{ margin: 0 }}>
          <Link to={paths.dataset(String(job.datasetId))}>{datasetName}</Link>
        </h2>
        <Link to={paths.certificate(job.jobId)}>Sale certificate</Link>
      </div>
      <dl className="facts">
        <dt>Proven accuracy</dt>
        <dd>
          {result
            ? `${formatRatio(result.correct, result.total)} (${result.correct} of ${result.total})`
            : '—'}{' '}
          · threshold {formatBps(job.thresholdBps)}
        </dd>
        <dt>Model hash</dt>
        <dd>
          <Hex value={result?.modelHash} keep={8} />
        </dd>
        <dt>Bought</dt>
        <dd>
          {formatTime(Date.parse(job.createdAt))} for {formatWei(job.priceWei)} ·{' '}
          <Link to={paths.job(job.jobId)}>job</Link>
        </dd>
        {feed ? (
          <>
            <dt>Inference feed</dt>
            <dd data-testid="model-feed">
              <Link to={paths.feed(feed.address)}>Open the feed</Link> · {formatWei(feed.pricePerPrediction)}{' '}
              per prediction{feed.acceptingRequests ? '' : ' · paused (no new requests)'}
            </dd>
          </>
        ) : null}
      </dl>
      {feed ? (
        <FeedEarnings feed={feed.address} owner={job.customer} />
      ) : (
        <ListFeedForm market={job.market} jobId={job.jobId} />
      )}
    </section>
  )
}

/**
 * What the feed holds for its owner (settled requests, after royalty and fee), withdrawn from the feed:
 * feeds are ProvenEscrow like markets, so the market balance and withdraw calls serve both.
 */
function FeedEarnings({ feed, owner }: { feed: Address; owner: Address }) {
  const balance = useMarketBalance(feed, owner)
  const withdrawal = useWithdraw(feed)
  const amount = balance.data ?? 0n
  return (
    <div className="row" data-testid="feed-earnings">
      <span>
        Earnings in the feed:{' '}
        {balance.isPending ? (
          '…'
        ) : balance.error ? (
          <span className="field-error">unavailable</span>
        ) : (
          formatWei(amount)
        )}
      </span>
      {amount > 0n ? (
        <button
          type="button"
          className="small"
          onClick={() => withdrawal.mutate()}
          disabled={withdrawal.isPending}
        >
          {withdrawal.isPending ? 'Withdrawing…' : 'Withdraw'}
        </button>
      ) : withdrawal.isSuccess ? (
        <span className="faint">Withdrew {formatWei(withdrawal.data.amount)}</span>
      ) : null}
      {withdrawal.error ? <span className="field-error">{describeWalletError(withdrawal.error)}</span> : null}
    </div>
  )
}
