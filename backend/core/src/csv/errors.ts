import { VeritreeError } from '../errors.ts'

/** Why a CSV was refused. Codes are stable: the frontend and API clients switch on them. */
export type CsvErrorCode =
  | 'invalid_encoding'
  | 'unterminated_quote'
  | 'stray_quote'
  | 'empty_file'
  | 'missing_header'
  | 'duplicate_header'
  | 'missing_label_column'
  | 'header_mismatch'
  | 'too_many_features'
  | 'ragged_row'
  | 'empty_value'
  | 'non_numeric'
  | 'non_finite'
  | 'out_of_range'
  | 'unknown_class'
  | 'too_few_rows'
  | 'too_many_rows'
  | 'too_few_classes'
  | 'too_many_classes'

/**
 * A CSV problem located the way a spreadsheet shows it: `row` is 1-based and counts the header as row 1
 * (records, not physical lines, so a quoted cell with a newline stays one row); `column` is the header
 * name when one is known.
 */
export class CsvError extends VeritreeError<CsvErrorCode> {
  override readonly name = 'CsvError'
  readonly row: number | null
  readonly column: string | null

  constructor(
    code: CsvErrorCode,
    message: string,
    where: { row?: number | null; column?: string | null } = {},
  ) {
    const row = where.row ?? null
    const column = where.column ?? null
    super(code, message, { details: { row, column } })
    this.row = row
    this.column = column
  }

  /** Plain-object form for JSON error bodies (`details`). */
  toJSON(): { code: CsvErrorCode; row: number | null; column: string | null; message: string } {
    return { code: this.code, row: this.row, column: this.column, message: this.message }
  }
}
