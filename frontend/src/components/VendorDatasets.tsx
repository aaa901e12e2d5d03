import type { Address } from 'viem'
import { useVendorDatasets } from '../hooks/useVendorDatasets.ts'
import { ErrorNotice, Loading } from './Status.tsx'
import { VendorDatasetRow } from './VendorDatasetRow.tsx'

/** The signed-in vendor's datasets and what each market holds for them. */
export function VendorDatasets({ vendor }: { vendor: Address }) {
  const datasets = useVendorDatasets(true)
  return (
    <section className="card stack">
      <h2>Your datasets and earnings</h2>
      {datasets.isPending ? <Loading>Loading your datasets…</Loading> : null}
      {datasets.error ? (
        <ErrorNotice
          error={datasets.error}
          title="Could not load your datasets"
          onRetry={() => void datasets.refetch()}
        />
      ) : null}
      {datasets.data?.length === 0 ? <p className="muted">You have not listed a dataset yet.</p> : null}
      {datasets.data && datasets.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Dataset</th>
                <th className="num">Sales</th>
                <th className="num">Next price</th>
                <th className="num">Withdrawable</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {datasets.data.map((dataset) => (
                <VendorDatasetRow key={dataset.id} dataset={dataset} vendor={vendor} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <small className="faint">
        Earnings are read from each market contract. A sale pays out only after its proof settles on chain.
      </small>
    </section>
  )
}
