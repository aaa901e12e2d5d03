/**
 * CSV → canonical table. Pure and browser-safe: the frontend reuses it to check a file and to compute
 * a test set's hash before the customer commits it on-chain.
 */
export { MAX_FIXED_MAGNITUDE, parseFeatureCell } from './cell.ts'
export { CsvError, type CsvErrorCode } from './errors.ts'
export { type CsvReader, type CsvRecord, createCsvReader, parseCsv } from './reader.ts'
export {
  createTableBuilder,
  DATASET_LIMITS,
  type TableBuilder,
  type TableLimits,
  type TableOptions,
  type TableSchema,
  TEST_SET_LIMITS,
  toInputs,
  toTable,
} from './table.ts'
