import type { Preview } from '@veritree/core/api'
import { formatBps, formatTime, formatWei } from '../lib/format.ts'

/**
 * What the preview found: a 5-point accuracy range against the threshold, and the price if the
 * customer goes on. The exact score and the model's hash are revealed only by the paid, proven job.
 */
export function PreviewResult({ preview }: { preview: Preview }) {
  const { lowBps, highBps } = preview.accuracy
  return (
    <div className={`notice ${preview.met ? 'success' : 'warn'}`} data-testid="preview-result">
      <strong>
        {preview.met ? 'Threshold met' : 'Threshold not met'}: accuracy between {formatBps(lowBps)} and{' '}
        {formatBps(highBps)} on your {preview.rows} rows, against your {formatBps(preview.thresholdBps)}.
      </strong>
      <span>
        {preview.met
          ? `The price is ${formatWei(preview.price)}. This quote holds until ${formatTime(preview.terms.quoteExpiresAt)}.`
          : 'Lower the threshold or change the training settings, then preview again. Paying is only offered for a model that meets your threshold.'}
      </span>{' '}
      <span className="muted">
        Previews show a 5-point range, not the exact score, and each wallet has a daily number of them: the
        paid job proves the exact accuracy.
      </span>
    </div>
  )
}
