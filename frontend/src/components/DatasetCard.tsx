import type { Dataset } from '@veritree/core/api'
import { formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { DatasetCurve } from './CurveSparkline.tsx'
import { Hex } from './Hex.tsx'

/** One dataset on the marketplace: who sells it, its shape, its price and where its curve stands. */
export function DatasetCard({ dataset }: { dataset: Dataset }) {
  return (
    <article className="card stack" data-testid="dataset-card">
      <div>
        <h2>
          <Link to={paths.dataset(String(dataset.id))}>{dataset.name}</Link>
        </h2>
        <p className="muted">
          by <Hex value={dataset.vendor} />
        </p>
        {dataset.description ? <p>{dataset.description}</p> : null}
      </div>
      <div className="stats">
        <Stat label="Rows" value={dataset.rows.toLocaleString('en-US')} />
        <Stat label="Features" value={dataset.features} />
        <Stat label="Classes" value={dataset.classes} />
        <Stat label="Sales" value={dataset.sales ?? '—'} />
      </div>
      {dataset.market ? (
        <>
          <DatasetCurve datasetId={dataset.id} sales={dataset.sales ?? 0} />
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <div className="stat">
              <span className="label">Next sale</span>
              <span className="price">{formatWei(dataset.price)}</span>
            </div>
            <Link to={paths.buy(String(dataset.id))} className="button small">
              Buy a model
            </Link>
          </div>
        </>
      ) : (
        <p>
          <span className="badge warn">Market opening</span>{' '}
          <span className="muted">waiting for the vendor's transaction</span>
        </p>
      )}
    </article>
  )
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="stat">
      <span className="label">{label}</span>
      <span className="value">{value}</span>
    </div>
  )
}
