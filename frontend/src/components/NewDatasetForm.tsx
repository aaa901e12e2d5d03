import { type FormEvent, useMemo, useState } from 'react'
import { type ListingStep, useListDataset } from '../hooks/useListDataset.ts'
import { checkCsv, csvHeader, decodeCsvBytes } from '../lib/csvCheck.ts'
import { type CurveForm, curveFromForm } from '../lib/curve.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { type ChosenFile, CsvDropzone } from './CsvDropzone.tsx'
import { CsvPreview } from './CsvPreview.tsx'
import { CurveFields, DEFAULT_CURVE_FORM } from './CurveFields.tsx'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'

const STEP_TEXT: Record<Exclude<ListingStep, 'idle' | 'done'>, string> = {
  uploading: 'Uploading and checking the file…',
  signing: 'Confirm the transaction in your wallet…',
  confirming: 'Waiting for the transaction to be mined…',
  linking: 'Waiting for the server to see the new market…',
}

/** Upload a CSV, check it in the browser, choose a curve, and create the dataset's market. */
export function NewDatasetForm() {
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [labelColumn, setLabelColumn] = useState('')
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [curveForm, setCurveForm] = useState<CurveForm>(DEFAULT_CURVE_FORM)
  const { state, list, reset } = useListDataset()

  const decoded = useMemo(() => (file ? decodeCsvBytes(file.bytes) : null), [file])
  const text = decoded && 'text' in decoded ? decoded.text : null
  const header = useMemo(() => (text ? csvHeader(text) : []), [text])
  const check = useMemo(
    () => (text && labelColumn ? checkCsv(text, { labelColumn }) : null),
    [text, labelColumn],
  )
  const curve = curveFromForm(curveForm)
  const busy = state.step !== 'idle' && state.step !== 'done'

  const onFile = (chosen: ChosenFile): void => {
    setFile(chosen)
    reset()
    const columns = (() => {
      const d = decodeCsvBytes(chosen.bytes)
      return 'text' in d ? csvHeader(d.text) : []
    })()
    // Default label column: one literally called label/class/target, else the last column.
    const guess =
      columns.find((c) => /^(label|class|target|species|y)$/i.test(c)) ?? columns[columns.length - 1] ?? ''
    setLabelColumn(guess)
    if (!name) setName(chosen.name.replace(/\.csv$/i, '').replace(/[_-]+/g, ' '))
  }

  const problems: string[] = []
  if (!file) problems.push('Choose a CSV file.')
  else if (!check?.ok) problems.push('Fix the file first.')
  if (name.trim() === '') problems.push('Give the dataset a name.')
  if ('error' in curve) problems.push('Fix the price curve.')

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    if (problems.length > 0 || !text || !('curve' in curve)) return
    void list({ csv: text, name: name.trim(), description: description.trim(), labelColumn }, curve.curve)
  }

  if (state.step === 'done' && state.dataset) {
    return (
      <Notice
        kind="success"
        title={`“${state.dataset.name}” is on the marketplace`}
        actions={
          <>
            <Link to={paths.dataset(String(state.dataset.id))} className="button small">
              View its page
            </Link>
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                reset()
                setFile(null)
                setName('')
                setDescription('')
              }}
            >
              List another dataset
            </button>
          </>
        }
      >
        <span>
          Market <Hex value={state.dataset.market} full /> was created by transaction{' '}
          <Hex value={state.txHash} />.
        </span>
      </Notice>
    )
  }

  return (
    <form className="card stack" onSubmit={submit} aria-label="List a dataset">
      <h2>List a new dataset</h2>
      <CsvDropzone label="Your dataset (CSV with a header row)" file={file} onFile={onFile} />
      {decoded && 'problem' in decoded ? (
        <Notice kind="error" title="This file cannot be read">
          {decoded.problem.message}
        </Notice>
      ) : null}
      {text ? (
        <label>
          Label column
          <select
            value={labelColumn}
            onChange={(e) => setLabelColumn(e.target.value)}
            name="labelColumn"
            disabled={busy}
          >
            {header.map((column) => (
              <option key={column} value={column}>
                {column}
              </option>
            ))}
          </select>
          <span className="hint">
            The column the model learns to predict; every other column must be numeric.
          </span>
        </label>
      ) : null}
      {check && !check.ok ? (
        <Notice kind="error" title="This file has a problem">
          <span data-testid="csv-error">{capitalise(check.problem.message)}</span>
        </Notice>
      ) : null}
      {check?.ok ? (
        <Notice kind="success" title="The file checks out">
          {check.table.rows.toLocaleString('en-US')} rows, {check.schema.features.length} features,{' '}
          {check.schema.classes.length} classes ({check.schema.classes.join(', ')}).
        </Notice>
      ) : null}
      {check?.header ? (
        <CsvPreview
          header={check.header}
          rows={check.preview}
          labelColumn={labelColumn}
          problem={check.ok ? null : check.problem}
          totalRows={check.ok ? check.table.rows : undefined}
        />
      ) : null}
      <div className="form-grid">
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            name="name"
            maxLength={120}
            disabled={busy}
          />
        </label>
        <label>
          Description
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            name="description"
            maxLength={500}
            disabled={busy}
            placeholder="What the data is, where it comes from"
          />
        </label>
      </div>
      <CurveFields value={curveForm} onChange={setCurveForm} />
      {state.error ? (
        <Notice kind="error" title={state.dataset ? 'The market was not created' : 'The upload failed'}>
          <span>{state.error}</span>
          {state.dataset ? (
            <p className="muted">Your file is uploaded; submitting again only resends the transaction.</p>
          ) : null}
        </Notice>
      ) : null}
      {busy ? (
        <Notice kind="info" title={STEP_TEXT[state.step as keyof typeof STEP_TEXT]}>
          {state.txHash ? (
            <span>
              Transaction <Hex value={state.txHash} />
            </span>
          ) : null}
        </Notice>
      ) : null}
      <div className="row">
        <button type="submit" disabled={busy || problems.length > 0}>
          {state.dataset ? 'Send the transaction again' : 'Upload and create market'}
        </button>
        {problems.length > 0 && !busy ? <span className="muted">{problems[0]}</span> : null}
      </div>
    </form>
  )
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
