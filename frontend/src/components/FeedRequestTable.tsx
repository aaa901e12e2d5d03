import type { FeedRequestView } from '@veritree/core/api'
import { formatTime, formatWei } from '../lib/format.ts'
import { requestStateBadge } from '../lib/models.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { Hex } from './Hex.tsx'

/** How many predictions a history row spells out before "…". */
const SHOWN = 4

/** A feed's recent requests: who, how many rows, state, the proven predictions and the certificate. */
export function FeedRequestTable({ requests }: { requests: FeedRequestView[] }) {
  if (requests.length === 0) return <p className="muted">No request yet.</p>
  return (
    <div className="table-wrap">
      <table data-testid="feed-requests">
        <thead>
          <tr>
            <th>When</th>
            <th>Buyer</th>
            <th className="num">Rows</th>
            <th className="num">Paid</th>
            <th>State</th>
            <th>Predictions</th>
            <th>Certificate</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => {
            const badge = requestStateBadge(r.state)
            const labels = r.predictions?.labels ?? null
            return (
              <tr key={r.requestId} data-request={r.requestId.toLowerCase()}>
                <td>
                  <Link to={paths.feedRequest(r.requestId)}>{formatTime(Date.parse(r.createdAt))}</Link>
                </td>
                <td>
                  <Hex value={r.customer} />
                </td>
                <td className="num">{r.count}</td>
                <td className="num">{formatWei(r.priceWei)}</td>
                <td>
                  <span className={`badge ${badge.tone}`}>{badge.label}</span>
                </td>
                <td>
                  {labels
                    ? `${labels.slice(0, SHOWN).join(', ')}${labels.length > SHOWN ? `, … (${labels.length})` : ''}`
                    : '—'}
                </td>
                <td>
                  {r.certificate ? (
                    <Link to={paths.feedCertificate(r.requestId)}>View certificate</Link>
                  ) : (
                    <span className="faint">—</span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
