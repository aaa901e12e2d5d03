import { formatWei } from '../lib/format.ts'

export type ChartPoint = { sales: number; price: bigint }

type CurveChartProps = {
  points: ChartPoint[]
  /** Sales made so far: the dot sits on this point. */
  current?: number
  /** `small` is a sparkline for cards; `large` has axes and labels. */
  size?: 'small' | 'large'
  label: string
}

const SIZES = {
  small: { width: 240, height: 64, pad: { top: 6, right: 6, bottom: 6, left: 6 } },
  large: { width: 640, height: 260, pad: { top: 16, right: 16, bottom: 32, left: 84 } },
}

/**
 * A bonding curve as an SVG line: price by sale number, with the current point marked. Prices are
 * bigints; they are scaled against the largest one, so tiny wei prices draw as well as large ones.
 */
export function CurveChart({ points, current, size = 'small', label }: CurveChartProps) {
  const { width, height, pad } = SIZES[size]
  if (points.length === 0) {
    return <p className="faint">No price points yet.</p>
  }
  // Prices are bigints, which Math.max/min do not take.
  let maxPrice = 0n
  let minPrice = points[0]?.price ?? 0n
  for (const p of points) {
    if (p.price > maxPrice) maxPrice = p.price
    if (p.price < minPrice) minPrice = p.price
  }
  const lastSales = points[points.length - 1]?.sales ?? 0
  const firstSales = points[0]?.sales ?? 0
  const spanSales = Math.max(1, lastSales - firstSales)
  // Start the y axis at zero for honesty about growth, unless prices are all equal.
  const floor = 0n
  const spanPrice = maxPrice - floor > 0n ? maxPrice - floor : 1n
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const x = (sales: number) => pad.left + ((sales - firstSales) / spanSales) * plotW
  // Scale in bigint first (to 1e6 steps) so huge wei values keep their precision.
  const y = (price: bigint) =>
    pad.top + plotH - (Number(((price - floor) * 1_000_000n) / spanPrice) / 1_000_000) * plotH
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.sales).toFixed(1)},${y(p.price).toFixed(1)}`)
    .join(' ')
  const area = `${line} L${x(lastSales).toFixed(1)},${pad.top + plotH} L${x(firstSales).toFixed(1)},${pad.top + plotH} Z`
  const now = current === undefined ? undefined : points.find((p) => p.sales === current)

  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <path className="area" d={area} />
      {size === 'large' ? (
        <g>
          <line
            className="axis"
            x1={pad.left}
            y1={pad.top + plotH}
            x2={pad.left + plotW}
            y2={pad.top + plotH}
          />
          <line className="axis" x1={pad.left} y1={pad.top} x2={pad.left} y2={pad.top + plotH} />
          <text x={pad.left - 6} y={pad.top + 4} textAnchor="end">
            {formatWei(maxPrice, 3)}
          </text>
          <text x={pad.left - 6} y={pad.top + plotH} textAnchor="end">
            {minPrice === maxPrice ? '' : '0'}
          </text>
          <text x={pad.left} y={height - 10}>
            sale {firstSales + 1}
          </text>
          <text x={pad.left + plotW} y={height - 10} textAnchor="end">
            sale {lastSales + 1}
          </text>
        </g>
      ) : null}
      <path className="line" d={line} />
      {now ? (
        <circle className="now" cx={x(now.sales)} cy={y(now.price)} r={size === 'large' ? 6 : 4}>
          <title>{`Next sale (#${now.sales + 1}): ${formatWei(now.price)}`}</title>
        </circle>
      ) : null}
    </svg>
  )
}
