import { useQuery } from '@tanstack/react-query'
import { feedsQuery } from '../api/queries.ts'
import { Hex } from '../components/Hex.tsx'
import { ErrorNotice, Loading } from '../components/Status.tsx'
import { useDatasets } from '../hooks/useDatasets.ts'
import { formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** Every listed inference feed: bought models whose owners sell proven predictions. */
export function FeedsPage() {
  const feeds = useQuery(feedsQuery())
  const datasets = useDatasets()
  const nameOf = (id: number): string => datasets.data?.find((d) => d.id === id)?.name ?? `Dataset ${id}`
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Inference feeds</h1>
          <p>
            Predictions from models with a proven accuracy, each batch proven to come from that exact model.
            Own a model? <Link to={paths.models()}>List it from My models</Link>.
          </p>
        </div>
      </div>
      {feeds.isPending ? <Loading>Loading feeds…</Loading> : null}
      {feeds.error ? (
        <ErrorNotice
          error={feeds.error}
          title="Could not load the feeds"
          onRetry={() => void feeds.refetch()}
        />
      ) : null}
      {feeds.data && feeds.data.length === 0 ? (
        <section className="card empty">
          <p>No feed is listed yet.</p>
        </section>
      ) : null}
      {feeds.data && feeds.data.length > 0 ? (
        <section className="card">
          <div className="table-wrap">
            <table data-testid="feeds">
              <thead>
                <tr>
                  <th>Trained on</th>
                  <th>Predicts</th>
                  <th>Model</th>
                  <th className="num">Per prediction</th>
                  <th>Feed</th>
                </tr>
              </thead>
              <tbody>
                {feeds.data.map((feed) => (
                  <tr key={feed.address}>
                    <td>
                      <Link to={paths.dataset(String(feed.datasetId))}>{nameOf(feed.datasetId)}</Link>
                    </td>
                    <td>{feed.classes.join(', ')}</td>
                    <td>
                      <Hex value={feed.modelHash} /> ·{' '}
                      <Link to={paths.certificate(feed.saleJobId)}>certificate</Link>
                    </td>
                    <td className="num">{formatWei(feed.pricePerPrediction)}</td>
                    <td>
                      <Link to={paths.feed(feed.address)}>
                        {feed.acceptingRequests ? 'Buy predictions' : 'Paused'}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  )
}
