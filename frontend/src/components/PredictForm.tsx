import type { FeedView } from '@veritree/core/api'
import { useMemo, useState } from 'react'
import type { Address } from 'viem'
import { useRequestPredictions } from '../hooks/useRequestPredictions.ts'
import { decodeCsvBytes } from '../lib/csvCheck.ts'
import { checkInputsCsv, type InputsCheck, singleRowCsv } from '../lib/feedInputs.ts'
import { formatWei } from '../lib/format.ts'
import { navigate } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { type ChosenFile, CsvDropzone } from './CsvDropzone.tsx'
import { CsvPreview } from './CsvPreview.tsx'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'
import { WalletGate } from './WalletGate.tsx'

type Mode = 'one' | 'batch'

/**
 * Buying predictions: one row typed in a field per feature, or a batch as CSV. Either way the rows
 * become the same CSV, checked and hashed in this browser, then uploaded and paid for.
 */
export function PredictForm({ feed }: { feed: FeedView }) {
  const [mode, setMode] = useState<Mode>('one')
  const [values, setValues] = useState<string[]>(() => feed.features.map(() => ''))
  const [file, setFile] = useState<ChosenFile | null>(null)
  const { state, request, reset } = useRequestPredictions()
  const schema = useMemo(() => ({ features: feed.features, classes: feed.classes }), [feed])

  const filled = values.every((v) => v.trim() !== '')
  const decoded = useMemo(() => (file ? decodeCsvBytes(file.bytes) : null), [file])
  const csv =
    mode === 'one'
      ? filled
        ? singleRowCsv(feed.features, values)
        : null
      : decoded && 'text' in decoded
        ? decoded.text
        : null
  const check: InputsCheck | null = useMemo(() => {
    if (mode === 'batch' && decoded && 'problem' in decoded)
      return { ok: false, header: null, preview: [], problem: decoded.problem }
    return csv ? checkInputsCsv(csv, schema, { maxRows: feed.maxCount }) : null
  }, [mode, decoded, csv, schema, feed.maxCount])

  const busy = state.step === 'uploading' || state.step === 'signing' || state.step === 'confirming'
  const estimate = check?.ok ? BigInt(feed.pricePerPrediction) * BigInt(check.count) : null

  const onPay = async (): Promise<void> => {
    if (!csv || !check?.ok) return
    const requestId = await request({
      feed: feed.address as Address,
      csv,
      inputsHash: check.inputsHash,
      count: check.count,
    })
    if (requestId) navigate(paths.feedRequest(requestId))
  }
  const change = (next: () => void): void => {
    next()
    reset()
  }

  return (
    <div className="stack">
      <h2 style={{ margin: 0 }}>Buy predictions</h2>
      <div className="radio-row" role="radiogroup" aria-label="How many predictions">
        {(
          [
            ['one', 'Try one prediction'],
            ['batch', `Batch upload (CSV, up to ${feed.maxCount} rows)`],
          ] as const
        ).map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="predictMode"
              value={value}
              checked={mode === value}
              onChange={() => change(() => setMode(value))}
              disabled={busy}
            />
            {label}
          </label>
        ))}
      </div>
      {mode === 'one' ? (
        <fieldset>
          <legend>One row</legend>
          <div className="form-grid">
            {feed.features.map((name, i) => (
              <label key={name}>
                {name}
                <input
                  name={`feature-${i}`}
                  data-feature={name}
                  inputMode="decimal"
                  value={values[i] ?? ''}
                  disabled={busy}
                  onChange={(e) =>
                    change(() => setValues((old) => old.map((v, j) => (j === i ? e.target.value : v))))
                  }
                />
              </label>
            ))}
          </div>
        </fieldset>
      ) : (
        <fieldset className="stack">
          <legend>Rows to predict</legend>
          <p className="muted">
            Columns, in this order and nothing else: {feed.features.map((f) => `“${f}”`).join(', ')}. No label
            column: that is what you are buying.
          </p>
          <CsvDropzone label="Inputs CSV" file={file} onFile={(f) => change(() => setFile(f))} />
        </fieldset>
      )}
      {check && !check.ok ? (
        <Notice kind="error" title="These inputs have a problem">
          <span data-testid="inputs-error">
            {check.problem.message.charAt(0).toUpperCase() + check.problem.message.slice(1)}
          </span>
        </Notice>
      ) : null}
      {check?.ok ? (
        <Notice
          kind="success"
          title={`${check.count} ${check.count === 1 ? 'row checks' : 'rows check'} out`}
        >
          <span data-testid="inputs-hash">
            Inputs hash (SHA-256 of the canonical rows, computed in this browser):{' '}
            <Hex value={check.inputsHash} full />
          </span>
        </Notice>
      ) : null}
      {mode === 'batch' && check?.header ? (
        <CsvPreview
          header={check.header}
          rows={check.preview}
          labelColumn={null}
          problem={check.ok ? null : check.problem}
          totalRows={check.ok ? check.count : undefined}
        />
      ) : null}
      <WalletGate purpose="buy predictions" signIn>
        {state.step === 'idle' && state.error ? (
          <Notice kind="error" title="Nothing was paid">
            {state.error}
          </Notice>
        ) : null}
        {state.step === 'uploading' ? (
          <Notice kind="info" title="Sending the rows and checking their hash…" />
        ) : null}
        {state.step === 'signing' ? (
          <Notice kind="info" title={`Confirm the payment of ${formatWei(state.price)} in your wallet…`} />
        ) : null}
        {state.step === 'confirming' ? (
          <Notice kind="info" title="Waiting for the payment to be mined…">
            Transaction <Hex value={state.txHash} />
          </Notice>
        ) : null}
        <div className="row">
          <button type="button" onClick={() => void onPay()} disabled={busy || !check?.ok}>
            {busy
              ? 'Paying…'
              : check?.ok
                ? `Pay ${formatWei(estimate)} for ${check.count} ${check.count === 1 ? 'prediction' : 'predictions'}`
                : 'Pay and predict'}
          </button>
          <span className="muted">
            {check?.ok
              ? 'The rows go to the server, which must hash them as this browser did; the price is read from the feed contract.'
              : mode === 'one'
                ? 'Fill in every feature.'
                : 'Add a CSV of rows.'}
          </span>
        </div>
      </WalletGate>
    </div>
  )
}
