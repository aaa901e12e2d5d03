import { useCurve } from '../hooks/useCurve.ts'
import { CurveChart } from './CurveChart.tsx'

/** How many sales past the current one a chart shows, so the next steps of the curve are visible. */
export function curveWindow(sales: number, ahead: number): number {
  // The API serves at most 200 points.
  return Math.min(200, Math.max(sales + ahead, 2 * ahead))
}

/** A dataset's curve from the API, drawn small or large with the current sale marked. */
export function DatasetCurve({
  datasetId,
  sales,
  size = 'small',
}: {
  datasetId: number
  sales: number
  size?: 'small' | 'large'
}) {
  const points = curveWindow(sales, size === 'small' ? 10 : 25)
  const curve = useCurve(datasetId, points)
  if (curve.isPending)
    return <div className="faint" style={{ height: size === 'small' ? 64 : 260 }} aria-busy="true" />
  if (curve.error) return <p className="field-error">Curve unavailable: {curve.error.message}</p>
  return (
    <CurveChart
      size={size}
      label={`Price by sale; ${sales} sale${sales === 1 ? '' : 's'} so far`}
      current={sales}
      points={curve.data.flatMap((p) =>
        p.price === null ? [] : [{ sales: p.sales, price: BigInt(p.price) }],
      )}
    />
  )
}
