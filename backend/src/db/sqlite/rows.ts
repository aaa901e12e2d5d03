import type { SQLOutputValue } from 'node:sqlite'

export type Row = Record<string, SQLOutputValue>

/** Column readers that fail loudly on a schema mismatch instead of passing `undefined` along. */
export function str(row: Row, key: string): string {
  const v = row[key]
  if (typeof v !== 'string') throw new Error(`column ${key}: expected text, got ${typeof v}`)
  return v
}
export function strOrNull(row: Row, key: string): string | null {
  const v = row[key]
  return v === null || v === undefined ? null : str(row, key)
}
export function num(row: Row, key: string): number {
  const v = row[key]
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  throw new Error(`column ${key}: expected a number, got ${typeof v}`)
}
export function numOrNull(row: Row, key: string): number | null {
  const v = row[key]
  return v === null || v === undefined ? null : num(row, key)
}
export function bytes(row: Row, key: string): Uint8Array {
  const v = row[key]
  if (!(v instanceof Uint8Array)) throw new Error(`column ${key}: expected a blob`)
  return new Uint8Array(v)
}
export function bytesOrNull(row: Row, key: string): Uint8Array | null {
  const v = row[key]
  return v === null || v === undefined ? null : bytes(row, key)
}
export function jsonOrNull<T>(
  row: Row,
  key: string,
  reviver?: (key: string, value: unknown) => unknown,
): T | null {
  const v = strOrNull(row, key)
  return v === null ? null : (JSON.parse(v, reviver) as T)
}

/** JSON with bigints as `{"$bigint":"123"}` so they come back as bigints. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))
}
export function bigintReviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && '$bigint' in value && Object.keys(value).length === 1) {
    return BigInt((value as { $bigint: string }).$bigint)
  }
  return value
}
