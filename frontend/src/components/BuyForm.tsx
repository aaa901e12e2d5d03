import {
  type Dataset,
  MAX_PREVIEW_THRESHOLD_BPS,
  MIN_PREVIEW_THRESHOLD_BPS,
  PREVIEW_MIN_TEST_ROWS,
  THRESHOLD_STEP_BPS,
} from '@veritree/core/api'
import { useMemo, useState } from 'react'
import { usePreview } from '../hooks/usePreview.ts'
import { checkCsv, decodeCsvBytes, testSetHashOf } from '../lib/csvCheck.ts'
import { formatBps, formatWei } from '../lib/format.ts'
import { DEFAULT_TRAINING_FORM, parseTrainingForm } from '../lib/trainingForm.ts'
import type { ChosenFile } from './CsvDropzone.tsx'
import { PaySection } from './PaySection.tsx'
import { PreviewResult } from './PreviewResult.tsx'
import { ErrorNotice } from './Status.tsx'
import { TestSetField } from './TestSetField.tsx'
import { TrainingFields, type TrainingForm } from './TrainingFields.tsx'
import { WalletGate } from './WalletGate.tsx'

/** The thresholds a quote may carry (5 % steps to 95 %: see backend/README.md, "What a preview reveals"). */
const THRESHOLDS = Array.from(
  { length: (MAX_PREVIEW_THRESHOLD_BPS - MIN_PREVIEW_THRESHOLD_BPS) / THRESHOLD_STEP_BPS + 1 },
  (_, i) => MIN_PREVIEW_THRESHOLD_BPS + i * THRESHOLD_STEP_BPS,
)

/** Training settings, test set and threshold for one dataset; preview; then pay. */
export function BuyForm({ dataset }: { dataset: Dataset }) {
  const [training, setTraining] = useState<TrainingForm>(DEFAULT_TRAINING_FORM)
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [thresholdBps, setThresholdBps] = useState(8000)
  const preview = usePreview()

  const params = parseTrainingForm(training)
  const decoded = useMemo(() => (file ? decodeCsvBytes(file.bytes) : null), [file])
  const text = decoded && 'text' in decoded ? decoded.text : null
  const check = useMemo(() => {
    if (decoded && 'problem' in decoded)
      return { ok: false as const, header: null, preview: [] as [], problem: decoded.problem }
    return text ? checkCsv(text, { labelColumn: dataset.schema.labelColumn, schema: dataset.schema }) : null
  }, [decoded, text, dataset.schema])
  const testSetHash = useMemo(() => (check?.ok ? testSetHashOf(check.table) : null), [check])

  // Any change makes an earlier preview stale: it no longer describes what would be paid for.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      preview.reset()
    }

  const problems: string[] = []
  if (!dataset.market) problems.push('This dataset has no market yet.')
  if ('error' in params) problems.push('Fix the training settings.')
  if (!check?.ok) problems.push('Add a test set that checks out.')
  else if (check.table.rows < PREVIEW_MIN_TEST_ROWS)
    problems.push(
      `A preview needs a test set of at least ${PREVIEW_MIN_TEST_ROWS} rows (this one has ${check.table.rows}).`,
    )

  const onPreview = (): void => {
    if (!text || !testSetHash || !('params' in params)) return
    preview.mutate({
      datasetId: dataset.id,
      csv: text,
      params: params.params,
      thresholdBps,
      testSetHash,
    })
  }

  return (
    <div className="stack">
      <TrainingFields
        value={training}
        onChange={change(setTraining)}
        error={'error' in params ? params.error : null}
        disabled={preview.isPending}
      />
      <TestSetField
        schema={dataset.schema}
        file={file}
        onFile={change(setFile)}
        check={check}
        testSetHash={testSetHash}
      />
      <fieldset>
        <legend>Accuracy threshold</legend>
        <label style={{ maxWidth: 260 }}>
          Required accuracy
          <select
            name="threshold"
            value={thresholdBps}
            onChange={(e) => change(setThresholdBps)(Number(e.target.value))}
            disabled={preview.isPending}
          >
            {THRESHOLDS.map((bps) => (
              <option key={bps} value={bps}>
                {formatBps(bps)}
              </option>
            ))}
          </select>
          <span className="hint">
            The proof states whether the model reaches it on your test set. Previews show accuracy in 5-point
            ranges, so thresholds come in 5 % steps.
          </span>
        </label>
      </fieldset>
      <WalletGate purpose="preview and buy" signIn>
        <div className="row">
          <button type="button" onClick={onPreview} disabled={problems.length > 0 || preview.isPending}>
            {preview.isPending ? 'Training and scoring…' : 'Preview accuracy'}
          </button>
          {problems.length > 0 ? (
            <span className="muted">{problems[0]}</span>
          ) : (
            <span className="muted">
              Free: nothing is paid until you confirm below. Current price {formatWei(dataset.price)}.
            </span>
          )}
        </div>
        {preview.error ? <ErrorNotice error={preview.error} title="Preview failed" /> : null}
        {preview.data ? <PreviewResult preview={preview.data} /> : null}
        {preview.data?.met ? <PaySection preview={preview.data} /> : null}
      </WalletGate>
    </div>
  )
}
