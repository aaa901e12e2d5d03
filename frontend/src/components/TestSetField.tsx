import type { DatasetSchema } from '@veritree/core/api'
import type { CsvCheck, CsvProblem } from '../lib/csvCheck.ts'
import { type ChosenFile, CsvDropzone } from './CsvDropzone.tsx'
import { CsvPreview } from './CsvPreview.tsx'
import { Hex } from './Hex.tsx'
import { Notice } from './Status.tsx'

type TestSetFieldProps = {
  schema: DatasetSchema
  file: ChosenFile | null
  onFile: (file: ChosenFile) => void
  /** Result of checking the file against the dataset's schema. */
  check: CsvCheck | { ok: false; header: null; preview: []; problem: CsvProblem } | null
  testSetHash: string | null
}

/** The customer's test set: drop it, see it checked against the schema, and see its hash. */
export function TestSetField({ schema, file, onFile, check, testSetHash }: TestSetFieldProps) {
  return (
    <fieldset className="stack">
      <legend>Your test set</legend>
      <p className="muted">
        Columns: {schema.features.map((f) => `“${f}”`).join(', ')} and the label “{schema.labelColumn}” (
        {schema.classes.join(', ')}). It is hashed in this browser; the proof binds the model's accuracy to
        exactly this hash.
      </p>
      <CsvDropzone label="Test set CSV" file={file} onFile={onFile} />
      {check && !check.ok ? (
        <Notice kind="error" title="This test set has a problem">
          <span data-testid="csv-error">
            {check.problem.message.charAt(0).toUpperCase() + check.problem.message.slice(1)}
          </span>
        </Notice>
      ) : null}
      {check?.ok ? (
        <Notice kind="success" title={`${check.table.rows.toLocaleString('en-US')} test rows check out`}>
          <span>
            Test-set hash (SHA-256 of the canonical bytes): <Hex value={testSetHash} full />
          </span>
        </Notice>
      ) : null}
      {check?.header ? (
        <CsvPreview
          header={check.header}
          rows={check.preview}
          labelColumn={schema.labelColumn}
          problem={check.ok ? null : check.problem}
          totalRows={check.ok ? check.table.rows : undefined}
        />
      ) : null}
    </fieldset>
  )
}
