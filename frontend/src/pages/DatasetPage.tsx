import { DatasetCurve } from '../components/CurveSparkline.tsx'
import { Hex } from '../components/Hex.tsx'
import { SalesTable } from '../components/SalesTable.tsx'
import { SchemaCard } from '../components/SchemaCard.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useDataset } from '../hooks/useDataset.ts'
import { describeCurve } from '../lib/curve.ts'
import { formatTime, formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** One dataset: its facts, schema, the whole price curve and its recent verified sales. */
export function DatasetPage({ id }: { id: string }) {
  const numericId = /^\d+$/.test(id) ? Number(id) : null
  const dataset = useDataset(numericId)
  if (numericId === null)
    return (
      <Notice kind="error" title="Not a dataset id">
        “{id}” is not a dataset number.
      </Notice>
    )
  if (dataset.isPending) return <Loading>Loading the dataset…</Loading>
  if (dataset.error)
    return (
      <ErrorNotice
        error={dataset.error}
        title="Could not load this dataset"
        onRetry={() => void dataset.refetch()}
      />
    )
  const d = dataset.data.dataset
  const sales = d.sales ?? 0
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>{d.name}</h1>
          <p>{d.description || 'No description.'}</p>
        </div>
        {d.market ? (
          <Link to={paths.buy(String(d.id))} className="button">
            Buy a model · {formatWei(d.price)}
          </Link>
        ) : (
          <span className="badge warn">Market opening</span>
        )}
      </div>
      <div className="two-col">
        <section className="card">
          <h2>Price curve</h2>
          {d.market && d.curve ? (
            <>
              <p className="muted">
                {sales} verified sale{sales === 1 ? '' : 's'} so far; next sale {formatWei(d.price)} (
                {describeCurve({ kind: d.curve.kind, step: d.curve.step }, (w) => formatWei(w))}, starting at{' '}
                {formatWei(d.curve.basePrice)}).
              </p>
              <DatasetCurve datasetId={d.id} sales={sales} size="large" />
            </>
          ) : (
            <p className="muted">The curve appears once the vendor's market contract is on chain.</p>
          )}
        </section>
        <section className="card">
          <h2>Facts</h2>
          <dl className="facts">
            <dt>Vendor</dt>
            <dd>
              <Hex value={d.vendor} full />
            </dd>
            <dt>Rows</dt>
            <dd>{d.rows.toLocaleString('en-US')}</dd>
            <dt>Listed</dt>
            <dd>{formatTime(Date.parse(d.createdAt))}</dd>
            <dt>Commitment</dt>
            <dd>
              <Hex value={d.commitment} keep={10} />
            </dd>
            <dt>Market</dt>
            <dd>
              <Hex value={d.market} full />
            </dd>
          </dl>
          <p className="faint" style={{ marginTop: '0.75rem' }}>
            The commitment is the SHA-256 of the dataset's canonical bytes. The rows themselves never leave
            the platform's encrypted store.
          </p>
        </section>
      </div>
      <SchemaCard schema={d.schema} />
      <section className="card">
        <h2>Recent sales</h2>
        <SalesTable sales={dataset.data.recentSales} />
      </section>
    </div>
  )
}
