import { encodeTable, type Table, tableHash } from '@veritree/core/canonical'
import { CsvError, parseCsv, type TableSchema, toTable } from '@veritree/core/csv'
import type { Hex } from 'viem'

// Client-side checks of a CSV with the backend's own parser, so the user sees the same error, with
// the same row and column, before anything is uploaded.

/** A problem found in a file, located like a spreadsheet does (row 1 is the header). */
export type CsvProblem = { code: string; row: number | null; column: string | null; message: string }

/** A record kept for the preview table: its row number and cells. */
export type PreviewRow = { row: number; cells: string[] }

export type CsvCheck =
  | { ok: true; header: string[]; preview: PreviewRow[]; table: Table; schema: TableSchema }
  | { ok: false; header: string[] | null; preview: PreviewRow[]; problem: CsvProblem }

/**
 * Decodes a file's bytes as strict UTF-8 (as the server does), or returns the problem.
 *
 * @example
 * decodeCsvBytes(new TextEncoder().encode('x,y\n1,a\n')) // { text: 'x,y\n1,a\n' }
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string } | { problem: CsvProblem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
  } catch {
    return {
      problem: {
        code: 'invalid_encoding',
        row: null,
        column: null,
        message: 'the file is not valid UTF-8 text; save it as CSV (UTF-8)',
      },
    }
  }
}

/**
 * Parses and validates CSV text into the canonical table. `schema` makes it a test-set check (same
 * columns, known classes). The preview holds the first `previewRows` data rows and, when the problem
 * lies further down, that row too.
 */
export function checkCsv(
  text: string,
  options: { labelColumn: string; schema?: TableSchema; previewRows?: number },
): CsvCheck {
  const previewRows = options.previewRows ?? 8
  let records: ReturnType<typeof parseCsv>
  try {
    records = parseCsv(text)
  } catch (error) {
    return { ok: false, header: null, preview: [], problem: toProblem(error) }
  }
  const header = records[0]?.fields.map((name) => name.trim()) ?? null
  const preview = records.slice(1, 1 + previewRows).map((r) => ({ row: r.row, cells: r.fields }))
  try {
    const { table, schema } = toTable(records, {
      labelColumn: options.labelColumn,
      ...(options.schema ? { schema: options.schema } : {}),
    })
    return { ok: true, header: header ?? [], preview, table, schema }
  } catch (error) {
    const problem = toProblem(error)
    const bad = problem.row !== null ? records.find((r) => r.row === problem.row) : undefined
    if (bad && bad.row > 1 && !preview.some((p) => p.row === bad.row))
      preview.push({ row: bad.row, cells: bad.fields })
    return { ok: false, header, preview, problem }
  }
}

/** Column names from the first line of a CSV, for choosing the label column before a full check. */
export function csvHeader(text: string): string[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  try {
    return (
      parseCsv(firstLine)[0]
        ?.fields.map((name) => name.trim())
        .filter((name) => name !== '') ?? []
    )
  } catch {
    return []
  }
}

function toProblem(error: unknown): CsvProblem {
  if (error instanceof CsvError) return error.toJSON()
  throw error
}

/**
 * The test set's hash exactly as the guest recomputes it: SHA-256 of the canonical table bytes.
 * The browser computes it itself so it can refuse to pay for a quote made on a different file.
 */
export function testSetHashOf(table: Table): Hex {
  return tableHash(encodeTable(table))
}
