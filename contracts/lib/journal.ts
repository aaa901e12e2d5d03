/**
 * The Veritree guest's journal, format 1 ("accuracy proof"), as the contracts decode it:
 * `abi.encode(uint32 format, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash,
 *             uint32 correct, uint32 total, uint32 thresholdBps, bool met)` (256 bytes).
 */
import { decodeAbiParameters, encodeAbiParameters, type Hex, parseAbiParameters, size } from 'viem'

/** The decoded fields of a format-1 journal. */
export interface AccuracyJournal {
  /** Always 1 for an accuracy proof. */
  format: number
  /** The job the proof was made for. */
  jobId: Hex
  /** SHA-256 of the canonical model bytes. */
  modelHash: Hex
  /** SHA-256 of the canonical test-set bytes. */
  testSetHash: Hex
  /** Test rows the model predicted correctly. */
  correct: number
  /** Test rows evaluated. */
  total: number
  /** Required accuracy in basis points (10000 = 100%). */
  thresholdBps: number
  /** `correct * 10000 >= thresholdBps * total`. */
  met: boolean
}

/** The journal's ABI layout. */
export const accuracyJournalParameters = parseAbiParameters(
  'uint32 format, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash, uint32 correct, uint32 total, uint32 thresholdBps, bool met',
)

/** Byte length of every format-1 journal. */
export const ACCURACY_JOURNAL_LENGTH = 256

/** The guest's rule for `met`, in integers as the guest and the contract compute it. */
export function thresholdMet(correct: number, total: number, thresholdBps: number): boolean {
  return BigInt(correct) * 10_000n >= BigInt(thresholdBps) * BigInt(total)
}

/**
 * ABI-encodes a journal exactly as the guest commits it.
 * @example encodeAccuracyJournal({ format: 1, jobId, modelHash, testSetHash, correct: 9, total: 10, thresholdBps: 8000, met: true })
 */
export function encodeAccuracyJournal(journal: AccuracyJournal): Hex {
  return encodeAbiParameters(accuracyJournalParameters, [
    journal.format,
    journal.jobId,
    journal.modelHash,
    journal.testSetHash,
    journal.correct,
    journal.total,
    journal.thresholdBps,
    journal.met,
  ])
}

/**
 * Decodes a format-1 journal, throwing on a wrong length (the contract's `JournalLengthInvalid`).
 * @example decodeAccuracyJournal(journalHex).met
 */
export function decodeAccuracyJournal(journal: Hex): AccuracyJournal {
  if (size(journal) !== ACCURACY_JOURNAL_LENGTH) {
    throw new Error(`journal is ${size(journal)} bytes; a format-1 journal is ${ACCURACY_JOURNAL_LENGTH}`)
  }
  const [format, jobId, modelHash, testSetHash, correct, total, thresholdBps, met] = decodeAbiParameters(
    accuracyJournalParameters,
    journal,
  )
  return { format, jobId, modelHash, testSetHash, correct, total, thresholdBps, met }
}
