import { PRIVACY_FLOOR_MIN_LEAF_SIZE } from '@veritree/core/training'

/** The training settings as typed (text), validated by the backend's own schema before use. */
export type TrainingForm = { maxDepth: string; minLeafSize: string; gainThreshold: string }

/** Decision-tree settings: depth, smallest leaf (with the privacy floor) and minimum gain. */
export function TrainingFields({
  value,
  onChange,
  error,
  disabled,
}: {
  value: TrainingForm
  onChange: (next: TrainingForm) => void
  error: string | null
  disabled?: boolean
}) {
  return (
    <fieldset>
      <legend>Training</legend>
      <div className="form-grid">
        <label>
          Maximum depth
          <input
            inputMode="numeric"
            name="maxDepth"
            value={value.maxDepth}
            onChange={(e) => onChange({ ...value, maxDepth: e.target.value })}
            disabled={disabled}
          />
          <span className="hint">1 to 32 levels of splits.</span>
        </label>
        <label>
          Smallest leaf (rows)
          <input
            inputMode="numeric"
            name="minLeafSize"
            value={value.minLeafSize}
            onChange={(e) => onChange({ ...value, minLeafSize: e.target.value })}
            disabled={disabled}
          />
          <span className="hint">
            At least {PRIVACY_FLOOR_MIN_LEAF_SIZE}: smaller leaves would reveal the vendor's rows.
          </span>
        </label>
        <label>
          Minimum gain
          <input
            inputMode="decimal"
            name="gainThreshold"
            value={value.gainThreshold}
            onChange={(e) => onChange({ ...value, gainThreshold: e.target.value })}
            disabled={disabled}
          />
          <span className="hint">Gini gain a split must bring, 0 to 1.</span>
        </label>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}
