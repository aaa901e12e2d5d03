import { decodeAbiParameters, encodeAbiParameters, type Hex, isHex } from 'viem'
import { CanonicalError } from './errors.ts'

/** The guest's public output (format 1: accuracy proof). */
export type Journal = {
  format: 1
  jobId: Hex
  modelHash: Hex
  testSetHash: Hex
  correct: number
  total: number
  thresholdBps: number
  met: boolean
}

/** ABI types of the journal, in order; Solidity decodes it with the same tuple. */
export const JOURNAL_ABI = [
  { name: 'format', type: 'uint32' },
  { name: 'jobId', type: 'bytes32' },
  { name: 'modelHash', type: 'bytes32' },
  { name: 'testSetHash', type: 'bytes32' },
  { name: 'correct', type: 'uint32' },
  { name: 'total', type: 'uint32' },
  { name: 'thresholdBps', type: 'uint32' },
  { name: 'met', type: 'bool' },
] as const

/** Encoded journal length: 8 static ABI words. */
export const JOURNAL_BYTES = 256

/** Throws JOURNAL_FIELD; shared with the format-2 encoder. */
export const journalFieldError = (m: string): never => {
  throw new CanonicalError('JOURNAL_FIELD', m)
}

/** Checks the eight format-1 fields' types (any format word); shared with the format-2 encoder. */
export function checkAccuracyFields(j: Omit<Journal, 'format'>): void {
  for (const key of ['jobId', 'modelHash', 'testSetHash'] as const) checkBytes32(j[key], key)
  for (const key of ['correct', 'total', 'thresholdBps'] as const) {
    if (!Number.isInteger(j[key]) || j[key] < 0 || j[key] > 0xffff_ffff)
      journalFieldError(`${key} ${j[key]} is not a uint32`)
  }
  if (typeof j.met !== 'boolean') journalFieldError('met must be a boolean')
}

/** Checks a bytes32 field: 32 bytes of strict 0x hex. */
export function checkBytes32(value: Hex, key: string): void {
  if (!isHex(value, { strict: true }) || value.length !== 66)
    journalFieldError(`${key} must be 32 bytes of 0x hex`)
}

/**
 * `abi.encode(uint32 format, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash, uint32 correct,
 * uint32 total, uint32 thresholdBps, bool met)` -- 256 bytes.
 *
 * @throws {CanonicalError} JOURNAL_FIELD when a field is out of its type's range
 * @example
 * encodeJournal({ format: 1, jobId, modelHash, testSetHash, correct: 28, total: 30, thresholdBps: 9000, met: true })
 */
export function encodeJournal(j: Journal): Hex {
  if (j.format !== 1) journalFieldError(`format ${String(j.format)}, expected 1`)
  checkAccuracyFields(j)
  return encodeAbiParameters(JOURNAL_ABI, [
    j.format,
    j.jobId,
    j.modelHash,
    j.testSetHash,
    j.correct,
    j.total,
    j.thresholdBps,
    j.met,
  ])
}

/**
 * The strict checks every journal format shares: whole-byte hex, exactly `bytes` long, clean padding
 * of the uint32 words (0, 4, 5, 6) and of the bool (7, exactly 0 or 1), and the format word equal to
 * `format`. The Rust core applies the same checks in the same order.
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_WORD | JOURNAL_FORMAT
 */
export function checkJournalWords(h: Hex, bytes: number, format: number): void {
  if (!isHex(h, { strict: true }) || h.length % 2 !== 0)
    throw new CanonicalError('HEX', 'journal is not 0x-prefixed hex with whole bytes')
  const len = (h.length - 2) / 2
  if (len !== bytes) throw new CanonicalError('JOURNAL_LENGTH', `journal is ${len} bytes, expected ${bytes}`)
  const word = (i: number): string => h.slice(2 + 64 * i, 2 + 64 * (i + 1))
  for (const i of [0, 4, 5, 6, 7]) {
    if (!/^0{56}/.test(word(i)))
      throw new CanonicalError('JOURNAL_WORD', `journal word ${i} is not a valid ABI value`)
  }
  const got = Number.parseInt(word(0).slice(56), 16)
  if (got !== format) throw new CanonicalError('JOURNAL_FORMAT', `journal format ${got}, expected ${format}`)
  if (!/^0{63}[01]$/.test(word(7)))
    throw new CanonicalError('JOURNAL_WORD', 'journal word 7 is not a valid ABI value')
}

/**
 * Strictly decodes a journal: exactly 256 bytes, format 1, clean uint32 and bool padding (same rules
 * as the Rust core, so a journal either side accepts is the same journal).
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_FORMAT | JOURNAL_WORD
 * @example
 * decodeJournal(encodeJournal(j)) // deep-equals j
 */
export function decodeJournal(h: Hex): Journal {
  checkJournalWords(h, JOURNAL_BYTES, 1)
  const [, jobId, modelHash, testSetHash, correct, total, thresholdBps, met] = decodeAbiParameters(
    JOURNAL_ABI,
    h,
  )
  return { format: 1, jobId, modelHash, testSetHash, correct, total, thresholdBps, met }
}
