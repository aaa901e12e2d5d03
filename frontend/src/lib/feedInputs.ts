import { FEED_MAX_COUNT } from '@veritree/core/api'
import { encodeInputs, inputsHash } from '@veritree/core/canonical'
import { CsvError, parseCsv, toInputs } from '@veritree/core/csv'
import { VeritreeError } from '@veritree/core/errors'
import type { Hex } from 'viem'
import type { CsvProblem, PreviewRow } from './csvCheck.ts'

// A feed's input rows are checked and hashed in the browser with the core's own parser and encoder
// (the same code the server and the guest's twin use), so the consumer pays for the hash of exactly
// the rows it chose, never for a hash the server made up.

/** What a feed's inputs must look like: the dataset's feature columns, in order, no label. */
export type InputsSchema = { features: string[]; classes: string[] }

export type InputsCheck =
  | { ok: true; header: string[]; preview: PreviewRow[]; count: number; inputsHash: Hex }
  | { ok: false; header: string[] | null; preview: PreviewRow[]; problem: CsvProblem }

/**
 * Parses a feed's inputs CSV (at most `maxRows` rows, InferenceFeed.MAX_COUNT by default) and hashes
 * its canonical bytes as the guest will: `inputsHash = sha256(encodeInputs(rows))`.
 *
 * @example
 * checkInputsCsv('x,y\n1.5,2\n', { features: ['x', 'y'], classes: ['a', 'b'] }) // { ok: true, count: 1, inputsHash: '0x…' }
 */
export function checkInputsCsv(
  text: string,
  schema: InputsSchema,
  options: { maxRows?: number; previewRows?: number } = {},
): InputsCheck {
  let records: ReturnType<typeof parseCsv>
  try {
    records = parseCsv(text)
  } catch (error) {
    return { ok: false, header: null, preview: [], problem: toProblem(error) }
  }
  const header = records[0]?.fields.map((name) => name.trim()) ?? null
  const preview = records
    .slice(1, 1 + (options.previewRows ?? 8))
    .map((r) => ({ row: r.row, cells: r.fields }))
  try {
    // Inputs have no label column: toInputs reads the header against `features` only.
    const rows = toInputs(
      records,
      { ...schema, labelColumn: '' },
      { minRows: 1, maxRows: options.maxRows ?? FEED_MAX_COUNT },
    )
    return {
      ok: true,
      header: header ?? [],
      preview,
      count: rows.rows,
      inputsHash: inputsHash(encodeInputs(rows)),
    }
  } catch (error) {
    return { ok: false, header, preview, problem: toProblem(error) }
  }
}

/**
 * The CSV of one prediction's inputs typed into a form, one value per feature, in the dataset's
 * order. Names and values are quoted when CSV needs it; the values are not judged here (the check
 * above reports a bad one with its column).
 *
 * @example
 * singleRowCsv(['x', 'y'], ['1.5', '2']) // 'x,y\n1.5,2\n'
 */
export function singleRowCsv(features: string[], values: string[]): string {
  if (values.length !== features.length)
    throw new RangeError(`${values.length} values for ${features.length} features`)
  return `${features.map(csvField).join(',')}\n${values.map((v) => csvField(v.trim())).join(',')}\n`
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function toProblem(error: unknown): CsvProblem {
  if (error instanceof CsvError) return error.toJSON()
  throw error
}

/** Thrown when the server's hash of the uploaded inputs is not the one this browser computed. */
export class InputsHashMismatchError extends VeritreeError<'inputs_hash_mismatch'> {
  override readonly name = 'InputsHashMismatchError'
  constructor(browser: Hex, server: Hex) {
    super(
      'inputs_hash_mismatch',
      `The server hashed your inputs to ${server}, but this browser computed ${browser}. Paying would buy predictions for rows you did not send, so payment is blocked.`,
      { details: { browser, server } },
    )
  }
}

/**
 * Checks the server's answer to an inputs upload against what this browser computed: the same hash
 * and the same row count, or an error that blocks payment.
 *
 * @throws {InputsHashMismatchError} when the hashes differ
 * @throws {Error} when the counts differ
 */
export function assertSameInputs(
  browser: { inputsHash: Hex; count: number },
  server: { inputsHash: Hex; count: number },
): void {
  if (browser.inputsHash.toLowerCase() !== server.inputsHash.toLowerCase())
    throw new InputsHashMismatchError(browser.inputsHash, server.inputsHash)
  if (browser.count !== server.count)
    throw new Error(
      `The server counted ${server.count} input rows, but this browser counted ${browser.count}; payment is blocked.`,
    )
}
