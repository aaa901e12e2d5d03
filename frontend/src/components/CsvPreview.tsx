import type { CsvProblem, PreviewRow } from '../lib/csvCheck.ts'

type CsvPreviewProps = {
  header: string[]
  rows: PreviewRow[]
  /** The column marked as the label; null for rows that have none (a feed's inputs). */
  labelColumn: string | null
  /** The problem to point at: its row is highlighted, and its cell when the column is known. */
  problem?: CsvProblem | null
  totalRows?: number
}

/** The first rows of a CSV as a table, the label column marked and any bad cell highlighted. */
export function CsvPreview({ header, rows, labelColumn, problem, totalRows }: CsvPreviewProps) {
  return (
    <div className="stack" style={{ gap: '0.4rem' }}>
      <div className="table-wrap">
        <table data-testid="csv-preview">
          <thead>
            <tr>
              <th className="num">Row</th>
              {header.map((name) => (
                <th key={name} className={problem?.row === 1 && problem.column === name ? 'bad' : undefined}>
                  {name}
                  {name === labelColumn ? (
                    <span className="badge brand" style={{ marginLeft: '0.35rem' }}>
                      label
                    </span>
                  ) : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const gap = index > 0 && row.row !== (rows[index - 1]?.row ?? 0) + 1
              return [
                gap ? (
                  <tr key={`gap-${row.row}`}>
                    <td colSpan={header.length + 1} className="faint">
                      …
                    </td>
                  </tr>
                ) : null,
                <tr key={row.row}>
                  <td className={`num${problem?.row === row.row && !problem.column ? ' bad' : ''}`}>
                    {row.row}
                  </td>
                  {header.map((name, c) => (
                    <td
                      key={name}
                      className={problem?.row === row.row && problem.column === name ? 'bad' : undefined}
                    >
                      {row.cells[c] ?? ''}
                    </td>
                  ))}
                </tr>,
              ]
            })}
          </tbody>
        </table>
      </div>
      {totalRows !== undefined ? (
        <small className="faint">
          Showing {Math.min(rows.length, totalRows)} of {totalRows.toLocaleString('en-US')} data rows.
        </small>
      ) : null}
    </div>
  )
}
