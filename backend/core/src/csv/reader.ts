import { CsvError } from './errors.ts'

/** One CSV record: its fields and its 1-based record number (the header is record 1). */
export type CsvRecord = { row: number; fields: string[] }

/** Incremental RFC 4180 reader: feed text in any chunking, get whole records back. */
export type CsvReader = {
  /** Feeds the next piece of text; returns the records it completed. */
  push(text: string): CsvRecord[]
  /** Signals end of input; returns the last record, if any. Throws on an open quote. */
  end(): CsvRecord[]
}

/**
 * Creates an incremental CSV reader (RFC 4180: `"` quoting with `""` escapes, CRLF or LF line ends,
 * a leading UTF-8 BOM is dropped). Blank lines at the very end are ignored; a blank line elsewhere is
 * returned as a record with one empty field so the caller can name it.
 * Browser-safe: no Node APIs.
 *
 * @example
 * const reader = createCsvReader()
 * const records = [...reader.push('a,b\r\n1,'), ...reader.push('2\n'), ...reader.end()]
 * // [{ row: 1, fields: ['a', 'b'] }, { row: 2, fields: ['1', '2'] }]
 */
export function createCsvReader(): CsvReader {
  let started = false
  let row = 0
  let fields: string[] = []
  let field = ''
  let inQuotes = false
  // A quote seen inside a quoted field: either an escaped quote or the closing one (decided by the next char).
  let quotePending = false
  // The field was quoted and has been closed: only a delimiter or line end may follow.
  let closed = false
  let afterCr = false
  let recordHasContent = false
  // Blank lines are held back until something follows them, so trailing ones can be dropped.
  let pendingBlank = 0

  const emit = (out: CsvRecord[]): void => {
    fields.push(field)
    row += 1
    const blank = fields.length === 1 && fields[0] === '' && !recordHasContent
    if (blank) {
      pendingBlank += 1
    } else {
      for (let i = 0; i < pendingBlank; i++) out.push({ row: row - pendingBlank + i, fields: [''] })
      pendingBlank = 0
      out.push({ row, fields })
    }
    fields = []
    field = ''
    closed = false
    recordHasContent = false
  }

  const push = (text: string): CsvRecord[] => {
    const out: CsvRecord[] = []
    let i = 0
    if (!started && text.length > 0) {
      started = true
      if (text.charCodeAt(0) === 0xfeff) i = 1
    }
    for (; i < text.length; i++) {
      const c = text[i] as string
      if (afterCr) {
        afterCr = false
        if (c === '\n') continue
      }
      if (quotePending) {
        quotePending = false
        if (c === '"') {
          field += '"'
          continue
        }
        inQuotes = false
        closed = true
      }
      if (inQuotes) {
        if (c === '"') quotePending = true
        else field += c
        continue
      }
      if (c === ',') {
        fields.push(field)
        field = ''
        closed = false
        recordHasContent = true
      } else if (c === '\n' || c === '\r') {
        emit(out)
        if (c === '\r') afterCr = true
      } else if (closed) {
        throw new CsvError('stray_quote', `row ${row + 1}: unexpected text after a closing quote`, {
          row: row + 1,
        })
      } else if (c === '"') {
        if (field.length > 0) {
          throw new CsvError(
            'stray_quote',
            `row ${row + 1}: a quote may only start a field (write "" inside a quoted field)`,
            { row: row + 1 },
          )
        }
        inQuotes = true
        recordHasContent = true
      } else {
        field += c
      }
    }
    return out
  }

  const end = (): CsvRecord[] => {
    const out: CsvRecord[] = []
    if (quotePending) {
      quotePending = false
      inQuotes = false
      closed = true
    }
    if (inQuotes) {
      throw new CsvError(
        'unterminated_quote',
        `row ${row + 1}: a quoted field is not closed before the end of the file`,
        { row: row + 1 },
      )
    }
    if (field.length > 0 || fields.length > 0 || recordHasContent) emit(out)
    return out
  }

  return { push, end }
}

/**
 * Parses a whole CSV text into records.
 *
 * @example
 * parseCsv('x,label\n1.5,a\n') // [{ row: 1, fields: ['x', 'label'] }, { row: 2, fields: ['1.5', 'a'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const reader = createCsvReader()
  return [...reader.push(text), ...reader.end()]
}
