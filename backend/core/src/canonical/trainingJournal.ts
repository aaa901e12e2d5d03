import { decodeAbiParameters, encodeAbiParameters, type Hex, isHex } from 'viem'
import { CanonicalError } from './errors.ts'
import { decodeInferenceJournal, type InferenceJournal } from './inferenceJournal.ts'
import {
  checkAccuracyFields,
  checkBytes32,
  checkJournalWords,
  decodeJournal,
  JOURNAL_ABI,
  JOURNAL_BYTES,
  type Journal,
  journalFieldError,
} from './journal.ts'
import type { Table } from './table.ts'

/**
 * The guest's public output in mode 2 ("proof of training"): format 1's fields, meaning exactly
 * what they mean there, plus the dataset the model was trained on and the parameters it was
 * trained with. Twin of `TrainingJournal` in zkvm-guest/core/src/training_journal.rs.
 */
export type TrainingJournal = Omit<Journal, 'format'> & {
  format: 2
  /** SHA-256 of the canonical dataset bytes (`tableHash`), the market's `commitment`. */
  datasetCommitment: Hex
  /** SHA-256 of the 11 canonical training-parameter bytes (`trainingParamsHash`), the job's `paramsHash`. */
  paramsHash: Hex
}

/** A sale's journal (formats 1 and 2 settle a DatasetMarket job), told apart by `format`. */
export type SaleJournal = Journal | TrainingJournal

/** Any journal the guest commits, told apart by `format` (3 settles an InferenceFeed request). */
export type AnyJournal = SaleJournal | InferenceJournal

/** ABI types of the format-2 journal: format 1's eight words, then two bytes32 words. */
export const TRAINING_JOURNAL_ABI = [
  ...JOURNAL_ABI,
  { name: 'datasetCommitment', type: 'bytes32' },
  { name: 'paramsHash', type: 'bytes32' },
] as const

/** Encoded format-2 journal length: 10 static ABI words. */
export const TRAINING_JOURNAL_BYTES = 320

/**
 * The journal format word of each statement (format 1: accuracy; format 2: training + accuracy;
 * format 3: inference).
 */
export const JOURNAL_FORMATS = { ACCURACY: 1, TRAINING: 2, INFERENCE: 3 } as const

/**
 * `abi.encode(uint32 format = 2, bytes32 jobId, bytes32 modelHash, bytes32 testSetHash,
 * uint32 correct, uint32 total, uint32 thresholdBps, bool met, bytes32 datasetCommitment,
 * bytes32 paramsHash)` -- 320 bytes.
 *
 * @throws {CanonicalError} JOURNAL_FIELD when a field is out of its type's range
 * @example
 * encodeTrainingJournal({ ...accuracyFields, format: 2, datasetCommitment: tableHash(dataset), paramsHash })
 */
export function encodeTrainingJournal(j: TrainingJournal): Hex {
  if (j.format !== 2) journalFieldError(`format ${String(j.format)}, expected 2`)
  checkAccuracyFields(j)
  checkBytes32(j.datasetCommitment, 'datasetCommitment')
  checkBytes32(j.paramsHash, 'paramsHash')
  return encodeAbiParameters(TRAINING_JOURNAL_ABI, [
    j.format,
    j.jobId,
    j.modelHash,
    j.testSetHash,
    j.correct,
    j.total,
    j.thresholdBps,
    j.met,
    j.datasetCommitment,
    j.paramsHash,
  ])
}

/**
 * Strictly decodes a format-2 journal: exactly 320 bytes, format 2, clean uint32 and bool padding
 * (the Rust core's rules, so a journal either side accepts is the same journal).
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_FORMAT | JOURNAL_WORD
 * @example
 * decodeTrainingJournal(encodeTrainingJournal(j)) // deep-equals j
 */
export function decodeTrainingJournal(h: Hex): TrainingJournal {
  checkJournalWords(h, TRAINING_JOURNAL_BYTES, 2)
  const [, jobId, modelHash, testSetHash, correct, total, thresholdBps, met, datasetCommitment, paramsHash] =
    decodeAbiParameters(TRAINING_JOURNAL_ABI, h)
  return {
    format: 2,
    jobId,
    modelHash,
    testSetHash,
    correct,
    total,
    thresholdBps,
    met,
    datasetCommitment,
    paramsHash,
  }
}

/**
 * Decodes a journal of any format: reads the format word, then applies that format's strict
 * decoder. A journal shorter than one word is JOURNAL_LENGTH; a format other than 1, 2 or 3 is
 * JOURNAL_FORMAT. Twin of `AnyJournal::decode` in Rust.
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_FORMAT | JOURNAL_WORD | JOURNAL_EMPTY
 */
export function decodeAnyJournal(h: Hex): AnyJournal {
  const format = journalFormat(h)
  if (format === JOURNAL_FORMATS.ACCURACY) return decodeJournal(h)
  if (format === JOURNAL_FORMATS.TRAINING) return decodeTrainingJournal(h)
  if (format === JOURNAL_FORMATS.INFERENCE) return decodeInferenceJournal(h)
  throw new CanonicalError('JOURNAL_FORMAT', `journal format ${format}, expected 1, 2 or 3`)
}

/**
 * Decodes a sale's journal (format 1 or 2) strictly; a format-3 journal, which settles an inference
 * request and not a sale, is JOURNAL_FORMAT.
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_FORMAT | JOURNAL_WORD
 */
export function decodeSaleJournal(h: Hex): SaleJournal {
  const format = journalFormat(h)
  if (format === JOURNAL_FORMATS.ACCURACY) return decodeJournal(h)
  if (format === JOURNAL_FORMATS.TRAINING) return decodeTrainingJournal(h)
  throw new CanonicalError('JOURNAL_FORMAT', `journal format ${format}, expected 1 or 2 (a sale's)`)
}

/** The format word of a journal, read strictly (whole-byte hex, at least one clean uint32 word). */
function journalFormat(h: Hex): number {
  if (!isHex(h, { strict: true }) || h.length % 2 !== 0)
    throw new CanonicalError('HEX', 'journal is not 0x-prefixed hex with whole bytes')
  const len = (h.length - 2) / 2
  if (len < 32)
    throw new CanonicalError('JOURNAL_LENGTH', `journal is ${len} bytes, expected ${JOURNAL_BYTES}`)
  const word0 = h.slice(2, 66)
  if (!/^0{56}/.test(word0))
    throw new CanonicalError('JOURNAL_WORD', 'journal word 0 is not a valid ABI value')
  return Number.parseInt(word0.slice(56), 16)
}

/**
 * The class count format 2 trains with: the dataset's largest label + 1 (the guest derives it, so
 * the dataset and the parameters alone determine the model). For a vendor dataset this is its
 * schema's class count, since the classes are collected from its rows. Twin of `dataset_classes`.
 *
 * @throws {CanonicalError} TRAIN_LABEL when a label is 65535 (65536 classes do not fit a model)
 */
export function datasetClasses(table: Table): number {
  let max = 0
  for (const label of table.labels) {
    if (label === 0xffff)
      throw new CanonicalError(
        'TRAIN_LABEL',
        'label 65535 would make 65536 classes; a model holds at most 65535',
      )
    if (label > max) max = label
  }
  return max + 1
}
