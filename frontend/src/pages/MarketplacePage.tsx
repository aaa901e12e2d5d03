import { DatasetCard } from '../components/DatasetCard.tsx'
import { ErrorNotice, Loading } from '../components/Status.tsx'
import { useDatasets } from '../hooks/useDatasets.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** Every dataset for sale, newest first, each with its price curve. */
export function MarketplacePage() {
  const datasets = useDatasets()
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Marketplace</h1>
          <p>
            Private datasets for training decision trees. Every model you buy comes with a proof of its
            accuracy on your own test set.
          </p>
        </div>
        <Link to={paths.vendor()} className="button secondary">
          Sell a dataset
        </Link>
      </div>
      {datasets.isPending ? <Loading>Loading datasets…</Loading> : null}
      {datasets.error ? (
        <ErrorNotice
          error={datasets.error}
          title="Could not load the datasets"
          onRetry={() => void datasets.refetch()}
        />
      ) : null}
      {datasets.data?.length === 0 ? (
        <div className="card empty">
          <p>No datasets yet.</p>
          <Link to={paths.vendor()} className="button">
            List the first one
          </Link>
        </div>
      ) : null}
      {datasets.data && datasets.data.length > 0 ? (
        <div className="grid">
          {[...datasets.data]
            .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
            .map((dataset) => (
              <DatasetCard key={dataset.id} dataset={dataset} />
            ))}
        </div>
      ) : null}
    </div>
  )
}
