import { useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { feedsQuery } from '../api/queries.ts'
import { useVendorDatasets } from '../hooks/useVendorDatasets.ts'
import { formatBps } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { Earnings } from './VendorDatasetRow.tsx'

/**
 * Royalties from inference feeds of models trained on the vendor's datasets: each feed pays the
 * market's royalty to the vendor into its own balance, withdrawn from that feed.
 */
export function VendorFeedRoyalties({ vendor }: { vendor: Address }) {
  const datasets = useVendorDatasets(true)
  const feeds = useQuery(feedsQuery())
  const mine = new Map((datasets.data ?? []).map((d) => [d.id, d.name]))
  const royalties = (feeds.data ?? []).filter((f) => mine.has(f.datasetId))
  if (royalties.length === 0) return null
  return (
    <section className="card stack">
      <h2>Royalties from inference feeds</h2>
      <div className="table-wrap">
        <table data-testid="feed-royalties">
          <thead>
            <tr>
              <th>Model trained on</th>
              <th>Feed</th>
              <th className="num">Royalty</th>
              <th className="num">Withdrawable</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {royalties.map((feed) => (
              <tr key={feed.address}>
                <td>{mine.get(feed.datasetId)}</td>
                <td>
                  <Link to={paths.feed(feed.address)}>Open</Link>
                </td>
                <td className="num">{formatBps(feed.royaltyBps)}</td>
                <Earnings market={feed.address} vendor={vendor} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
