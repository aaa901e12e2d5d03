import type { Table } from '../canonical/index.ts'
import { parseFeatureCell } from './cell.ts'
import { CsvError } from './errors.ts'
import type { CsvRecord } from './reader.ts'

/** Column names and class names of a dataset; test sets must match it. */
export type TableSchema = {
  /** Feature column names, in file order (the label column removed). */
  features: string[]
  /** Distinct label values, sorted by UTF-16 code units; a label is its index here. */
  classes: string[]
  labelColumn: string
}

export type TableLimits = {
  minRows: number
  maxRows: number
  /** Fewest distinct classes (datasets need 2 to be worth training on). */
  minClasses: number
  maxClasses: number
  maxFeatures: number
}

/** Limits for vendor datasets. */
export const DATASET_LIMITS: TableLimits = {
  minRows: 10,
  maxRows: 1_000_000,
  minClasses: 2,
  maxClasses: 64,
  maxFeatures: 256,
}
/** Limits for customer test sets (their classes come from the dataset). */
export const TEST_SET_LIMITS: TableLimits = {
  minRows: 1,
  maxRows: 1_000_000,
  minClasses: 1,
  maxClasses: 64,
  maxFeatures: 256,
}

export type TableOptions = {
  /** Name of the label column; every other column is a numeric feature. */
  labelColumn: string
  /**
   * The dataset's schema when reading a test set: the header must match it and each label must be one
   * of its classes. Omit for a vendor dataset (classes are then collected and sorted).
   */
  schema?: TableSchema
  limits?: Partial<TableLimits>
  /**
   * False for inference inputs: there is no label column, the header must be exactly the schema's
   * feature columns (so `schema` is required) and every row's label is 0. Default true.
   */
  labeled?: boolean
}

/** Builds a canonical {@link Table} record by record, so an upload never holds its text in memory. */
export type TableBuilder = {
  add(record: CsvRecord): void
  finish(): { table: Table; schema: TableSchema }
}

const MAX_NAME_LENGTH = 200

/**
 * Creates a table builder. Records must start with the header. Every problem throws a {@link CsvError}
 * naming the row and column.
 *
 * @example
 * const builder = createTableBuilder({ labelColumn: 'species' })
 * for (const record of parseCsv(text)) builder.add(record)
 * const { table, schema } = builder.finish()
 */
export function createTableBuilder(options: TableOptions): TableBuilder {
  const limits: TableLimits = { ...(options.schema ? TEST_SET_LIMITS : DATASET_LIMITS), ...options.limits }
  let header: string[] | null = null
  let labelIndex = -1
  let features: string[] = []
  let values = new BigInt64Array(1024)
  let labelNames: string[] = []
  const labelIds = new Map<string, number>()
  let rowLabels = new Uint32Array(256)
  let rows = 0

  const readHeader = (record: CsvRecord): void => {
    const names = record.fields.map((name) => name.trim())
    if (names.length === 1 && names[0] === '') {
      throw new CsvError(
        'missing_header',
        'row 1: the header row is empty; the first row must name every column',
        { row: 1 },
      )
    }
    const seen = new Set<string>()
    names.forEach((name, index) => {
      if (name === '') {
        throw new CsvError('missing_header', `row 1: column ${index + 1} has no name`, { row: 1 })
      }
      if (name.length > MAX_NAME_LENGTH) {
        throw new CsvError(
          'missing_header',
          `row 1: column ${index + 1} name is longer than ${MAX_NAME_LENGTH} characters`,
          { row: 1, column: name.slice(0, 40) },
        )
      }
      if (seen.has(name))
        throw new CsvError('duplicate_header', `row 1: column name "${name}" appears more than once`, {
          row: 1,
          column: name,
        })
      seen.add(name)
    })
    if (options.labeled === false) {
      readInputsHeader(names)
      return
    }
    labelIndex = names.indexOf(options.labelColumn)
    if (labelIndex < 0) {
      throw new CsvError(
        'missing_label_column',
        `row 1: no column named "${options.labelColumn}" (the label column); columns are ${names.map((n) => `"${n}"`).join(', ')}`,
        { row: 1, column: options.labelColumn },
      )
    }
    features = names.filter((_, index) => index !== labelIndex)
    if (features.length === 0)
      throw new CsvError('missing_header', 'row 1: there is no feature column besides the label column', {
        row: 1,
      })
    if (features.length > limits.maxFeatures) {
      throw new CsvError(
        'too_many_features',
        `row 1: ${features.length} feature columns; at most ${limits.maxFeatures} are allowed`,
        { row: 1 },
      )
    }
    if (options.schema) {
      const expected = options.schema.features
      const same = expected.length === features.length && expected.every((name, i) => name === features[i])
      if (!same) {
        throw new CsvError(
          'header_mismatch',
          `row 1: the header must have the dataset's feature columns ${expected.map((n) => `"${n}"`).join(', ')} in that order, plus "${options.labelColumn}"`,
          { row: 1 },
        )
      }
      for (const [index, name] of options.schema.classes.entries()) labelIds.set(name, index)
      labelNames = [...options.schema.classes]
    }
    header = names
  }

  // Inputs for predictions: the dataset's feature columns, in its order, and nothing else.
  const readInputsHeader = (names: string[]): void => {
    const expected = options.schema?.features
    if (!expected) throw new TypeError('inputs (labeled: false) are read against a dataset schema')
    if (names.length !== expected.length || !expected.every((name, i) => name === names[i])) {
      throw new CsvError(
        'header_mismatch',
        `row 1: the header must be exactly the dataset's feature columns ${expected.map((n) => `"${n}"`).join(', ')} in that order (no label column)`,
        { row: 1 },
      )
    }
    features = names
    labelNames = [...(options.schema?.classes ?? [])]
    header = names
  }

  const add = (record: CsvRecord): void => {
    if (header === null) {
      readHeader(record)
      return
    }
    if (record.fields.length !== header.length) {
      const what =
        record.fields.length === 1 && record.fields[0] === ''
          ? 'is empty'
          : `has ${record.fields.length} cells`
      throw new CsvError('ragged_row', `row ${record.row} ${what}; the header has ${header.length} columns`, {
        row: record.row,
      })
    }
    if (rows >= limits.maxRows)
      throw new CsvError('too_many_rows', `row ${record.row}: more than ${limits.maxRows} data rows`, {
        row: record.row,
      })
    const width = features.length
    if ((rows + 1) * width > values.length) {
      const grown = new BigInt64Array(Math.max(values.length * 2, (rows + 1) * width))
      grown.set(values)
      values = grown
    }
    if (rows >= rowLabels.length) {
      const grown = new Uint32Array(rowLabels.length * 2)
      grown.set(rowLabels)
      rowLabels = grown
    }
    let f = 0
    for (let c = 0; c < header.length; c++) {
      const cell = record.fields[c] as string
      const column = header[c] as string
      if (c === labelIndex) {
        rowLabels[rows] = labelId(cell.trim(), record.row, column)
      } else {
        values[rows * width + f] = parseFeatureCell(cell, { row: record.row, column })
        f += 1
      }
    }
    rows += 1
  }

  const labelId = (name: string, row: number, column: string): number => {
    if (name === '')
      throw new CsvError('empty_value', `row ${row}, column "${column}": empty label`, { row, column })
    const known = labelIds.get(name)
    if (known !== undefined) return known
    if (options.schema) {
      throw new CsvError(
        'unknown_class',
        `row ${row}, column "${column}": label "${name}" is not one of the dataset's classes (${options.schema.classes.map((n) => `"${n}"`).join(', ')})`,
        { row, column },
      )
    }
    if (labelNames.length >= limits.maxClasses) {
      throw new CsvError(
        'too_many_classes',
        `row ${row}, column "${column}": label "${name}" would be class number ${labelNames.length + 1}; at most ${limits.maxClasses} classes are allowed`,
        { row, column },
      )
    }
    labelIds.set(name, labelNames.length)
    labelNames.push(name)
    return labelNames.length - 1
  }

  const finish = (): { table: Table; schema: TableSchema } => {
    if (header === null)
      throw new CsvError('empty_file', 'the file is empty; expected a header row and data rows')
    if (rows < limits.minRows) {
      throw new CsvError(
        'too_few_rows',
        `${rows} data row${rows === 1 ? '' : 's'}; at least ${limits.minRows} are needed`,
        { row: rows + 1 },
      )
    }
    if (labelNames.length < limits.minClasses) {
      throw new CsvError(
        'too_few_classes',
        `only ${labelNames.length} distinct label${labelNames.length === 1 ? '' : 's'} in "${options.labelColumn}"; at least ${limits.minClasses} are needed`,
        { column: options.labelColumn },
      )
    }
    // Class ids were handed out in order of appearance; the canonical id is the index in the sorted list.
    const classes = options.schema ? labelNames : [...labelNames].sort(compareCodeUnits)
    const remap = labelNames.map((name) => classes.indexOf(name))
    const labels = new Uint16Array(rows)
    for (let r = 0; r < rows; r++) labels[r] = remap[rowLabels[r] as number] as number
    const table: Table = {
      rows,
      features: features.length,
      values: values.slice(0, rows * features.length),
      labels,
    }
    return { table, schema: { features, classes, labelColumn: options.labelColumn } }
  }

  return { add, finish }
}

/** Sorts like Rust's `str` ordering for ASCII and like JS's default sort: by UTF-16 code units. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Converts parsed CSV records to a canonical table and its schema.
 *
 * @example
 * const { table, schema } = toTable(parseCsv(text), { labelColumn: 'species' })
 */
export function toTable(
  records: Iterable<CsvRecord>,
  options: TableOptions,
): { table: Table; schema: TableSchema } {
  const builder = createTableBuilder(options)
  for (const record of records) builder.add(record)
  return builder.finish()
}

/**
 * Converts parsed CSV records to the rows a consumer asks predictions for: a header with exactly the
 * dataset's feature columns (no label column), then one row per prediction, each cell parsed as a
 * dataset cell is. Encode the result with `encodeInputs` (@veritree/core/canonical).
 *
 * @example
 * const inputs = toInputs(parseCsv('a,b\n1.5,2\n'), schema) // { rows: 1, features: 2, values }
 */
export function toInputs(
  records: Iterable<CsvRecord>,
  schema: TableSchema,
  limits?: Partial<TableLimits>,
): Pick<Table, 'rows' | 'features' | 'values'> {
  const { table } = toTable(records, { labelColumn: schema.labelColumn, schema, labeled: false, limits })
  return { rows: table.rows, features: table.features, values: table.values }
}
