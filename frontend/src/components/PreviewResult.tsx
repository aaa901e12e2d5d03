import type { Preview } from '@veritree/core/api'
import { formatBps, formatRatio, formatTime, formatWei } from '../lib/format.ts'

/** What the preview found: accuracy against the threshold, and the price if the customer goes on. */
export function PreviewResult({ preview }: { preview: Preview }) {
  return (
    <div className={`notice ${preview.met ? 'success' : 'warn'}`} data-testid="preview-result">
      <strong>
        {preview.met ? 'Threshold met' : 'Threshold not met'}: {formatRatio(preview.correct, preview.total)}{' '}
        accuracy ({preview.correct} of {preview.total} rows) against your {formatBps(preview.thresholdBps)}.
      </strong>
      <span>
        {preview.met
          ? `The price is ${formatWei(preview.price)}. This quote holds until ${formatTime(Date.parse(preview.expiresAt))}.`
          : 'Lower the threshold or change the training settings, then preview again. Paying is only offered for a model that meets your threshold.'}
      </span>
    </div>
  )
}
