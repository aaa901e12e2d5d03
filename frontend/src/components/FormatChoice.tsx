import type { FormatEstimate, JournalFormat } from '@veritree/core/api'
import { formatDuration } from '../lib/format.ts'

/** What each journal format proves, in the words the certificate uses. */
const FORMAT_TEXT: Record<JournalFormat, { title: string; proves: string }> = {
  1: {
    title: 'Format 1: accuracy',
    proves:
      "Proves the model's accuracy on your test set. Which data and parameters trained it is recorded, not proven.",
  },
  2: {
    title: 'Format 2: training and accuracy',
    proves:
      "Also proves the model was trained, inside the proof, on this dataset (the market's on-chain commitment) with your parameters.",
  },
}

/**
 * The journal format the customer pays for: each with what it proves, whether its receipt fits
 * zkVerify's limits for this dataset, test set and depth, and the estimated proving time.
 */
export function FormatChoice(props: {
  formats: readonly FormatEstimate[]
  value: JournalFormat
  onChange: (format: JournalFormat) => void
  disabled: boolean
}) {
  return (
    <div className="stack" role="radiogroup" aria-label="Proof format" data-testid="format-choice">
      {props.formats.map((f) => (
        <label key={f.journalFormat} className="radio-card">
          <input
            type="radio"
            name="journalFormat"
            value={f.journalFormat}
            checked={props.value === f.journalFormat}
            disabled={props.disabled || !f.fits}
            onChange={() => props.onChange(f.journalFormat)}
          />
          <span>
            <strong>{FORMAT_TEXT[f.journalFormat].title}</strong>{' '}
            <span className="muted" data-testid={`format-${f.journalFormat}-estimate`}>
              {f.fits
                ? `fits zkVerify's limits; proving takes about ${formatDuration(f.estimatedProvingSeconds)} here`
                : `does not fit zkVerify's limits: ${f.reason ?? 'too many cycles'}`}
            </span>
            <br />
            <span className="hint">{FORMAT_TEXT[f.journalFormat].proves}</span>
          </span>
        </label>
      ))}
    </div>
  )
}
