import { type CurveForm, curveFromForm, sampleCurve } from '../lib/curve.ts'
import { formatWei } from '../lib/format.ts'
import { CurveChart } from './CurveChart.tsx'

/** Starting values: egregiously cheap, so a new vendor gets picked, rising 5% per verified sale. */
export const DEFAULT_CURVE_FORM: CurveForm = { kind: 'exponential', basePriceEth: '0.0001', step: '5' }

const PREVIEW_SALES = 40

/** The bonding-curve inputs with a live chart of the prices they give, computed as the contract does. */
export function CurveFields({ value, onChange }: { value: CurveForm; onChange: (next: CurveForm) => void }) {
  const parsed = curveFromForm(value)
  const points = 'curve' in parsed ? sampleCurve(parsed.curve, PREVIEW_SALES) : []
  const last = points[points.length - 1]
  return (
    <fieldset className="stack">
      <legend>Price curve</legend>
      <div className="radio-row" role="radiogroup" aria-label="Curve kind">
        <label>
          <input
            type="radio"
            name="curve-kind"
            checked={value.kind === 'exponential'}
            onChange={() => onChange({ ...value, kind: 'exponential', step: '5' })}
          />
          Exponential (a percentage per sale)
        </label>
        <label>
          <input
            type="radio"
            name="curve-kind"
            checked={value.kind === 'linear'}
            onChange={() => onChange({ ...value, kind: 'linear', step: '0.00001' })}
          />
          Linear (a fixed amount per sale)
        </label>
      </div>
      <div className="form-grid">
        <label>
          First price (ETH)
          <input
            inputMode="decimal"
            value={value.basePriceEth}
            onChange={(e) => onChange({ ...value, basePriceEth: e.target.value })}
            name="basePrice"
          />
          <span className="hint">Start low: new datasets get picked by being cheap.</span>
        </label>
        <label>
          {value.kind === 'exponential' ? 'Growth per verified sale (%)' : 'Added per verified sale (ETH)'}
          <input
            inputMode="decimal"
            value={value.step}
            onChange={(e) => onChange({ ...value, step: e.target.value })}
            name="step"
          />
          <span className="hint">
            {value.kind === 'exponential' ? 'From 0.01% to 100%.' : 'More than zero.'}
          </span>
        </label>
      </div>
      {'error' in parsed ? (
        <p className="field-error" role="alert">
          {parsed.error}
        </p>
      ) : (
        <div>
          <CurveChart
            size="large"
            points={points}
            current={0}
            label="Price by sale for these curve settings"
          />
          <small className="muted">
            Sale 1 costs {formatWei(points[0]?.price ?? 0n)}; sale {PREVIEW_SALES} would cost{' '}
            {formatWei(last?.price ?? 0n)}. Only sales whose proof meets the customer's threshold move the
            price.
          </small>
        </div>
      )}
    </fieldset>
  )
}
