import { BuyForm } from '../components/BuyForm.tsx'
import { ErrorNotice, Loading } from '../components/Status.tsx'
import { useDataset } from '../hooks/useDataset.ts'
import { useDatasets } from '../hooks/useDatasets.ts'
import { formatWei } from '../lib/format.ts'
import { Link, navigate } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** Customers: pick a dataset, set training and threshold, preview the accuracy, pay, follow the job. */
export function BuyPage({ datasetId }: { datasetId: string | null }) {
  const datasets = useDatasets()
  const id = datasetId !== null && /^\d+$/.test(datasetId) ? Number(datasetId) : null
  const dataset = useDataset(id)
  const open = datasets.data?.filter((d) => d.market) ?? []
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Buy a model</h1>
          <p>
            Train a decision tree on a private dataset and get a proof of its accuracy on your own test set.
          </p>
        </div>
      </div>
      <section className="card stack">
        {datasets.isPending ? (
          <Loading>Loading datasets…</Loading>
        ) : (
          <label>
            Dataset
            <select
              value={id ?? ''}
              onChange={(e) => navigate(paths.buy(e.target.value || undefined))}
              name="dataset"
            >
              <option value="">Choose a dataset…</option>
              {open.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} — {d.rows.toLocaleString('en-US')} rows, {formatWei(d.price)}
                </option>
              ))}
            </select>
          </label>
        )}
        {datasets.error ? (
          <ErrorNotice
            error={datasets.error}
            title="Could not load the datasets"
            onRetry={() => void datasets.refetch()}
          />
        ) : null}
        {datasets.data && open.length === 0 ? (
          <p className="muted">No dataset has an open market yet.</p>
        ) : null}
        {dataset.data ? (
          <p className="muted">
            {dataset.data.dataset.description || 'No description.'}{' '}
            <Link to={paths.dataset(String(dataset.data.dataset.id))}>Schema, curve and sales</Link>
          </p>
        ) : null}
      </section>
      {datasetId !== null && id === null ? (
        <ErrorNotice error={new Error(`“${datasetId}” is not a dataset number.`)} title="Unknown dataset" />
      ) : null}
      {id !== null && dataset.isPending ? <Loading>Loading the dataset…</Loading> : null}
      {dataset.error ? (
        <ErrorNotice
          error={dataset.error}
          title="Could not load this dataset"
          onRetry={() => void dataset.refetch()}
        />
      ) : null}
      {dataset.data ? (
        <section className="card">
          <BuyForm key={dataset.data.dataset.id} dataset={dataset.data.dataset} />
        </section>
      ) : null}
    </div>
  )
}
