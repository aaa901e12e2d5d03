import type { SaleSummary } from '@veritree/core/api'
import { formatBps, formatRatio, formatTime, formatWei } from '../lib/format.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** Recent finished sales, each with its proven outcome and a link to its certificate. */
export function SalesTable({ sales }: { sales: SaleSummary[] }) {
  if (sales.length === 0)
    return <p className="muted">No finished sales yet. The first buyers get the lowest prices.</p>
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th className="num">Proven accuracy</th>
            <th className="num">Threshold</th>
            <th>Outcome</th>
            <th className="num">Price</th>
            <th>Certificate</th>
          </tr>
        </thead>
        <tbody>
          {sales.map((sale) => (
            <tr key={sale.jobId}>
              <td>{formatTime(Date.parse(sale.at))}</td>
              <td className="num">
                {sale.correct !== null && sale.total !== null ? formatRatio(sale.correct, sale.total) : '—'}
              </td>
              <td className="num">{formatBps(sale.thresholdBps)}</td>
              <td>
                {sale.met ? (
                  <span className="badge pass">Met · paid</span>
                ) : (
                  <span className="badge warn">Not met · refunded</span>
                )}
              </td>
              <td className="num">{formatWei(sale.priceWei)}</td>
              <td>
                <Link to={paths.certificate(sale.jobId)}>View certificate</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
