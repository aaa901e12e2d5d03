import { decodeAbiParameters, encodeAbiParameters, type Hex, isHex } from 'viem'
import { CanonicalError } from './errors.ts'
import { checkBytes32, journalFieldError } from './journal.ts'

/**
 * The guest's public output in mode 3 ("inference proof"): a batch of predictions made by one model
 * for one InferenceFeed request. The predictions themselves are delivered beside the proof; the
 * journal commits their hash (zkVerify caps public inputs at 2,052 bytes). Twin of
 * `InferenceJournal` in zkvm-guest/core/src/inference_journal.rs and of
 * contracts/src/libraries/InferenceJournal.sol.
 */
export type InferenceJournal = {
  format: 3
  /** The InferenceFeed's request id (from its PredictionsRequested event). */
  requestId: Hex
  /** SHA-256 of the canonical model bytes (`modelHash`). */
  modelHash: Hex
  /** SHA-256 of the canonical inputs bytes (`inputsHash`). */
  inputsHash: Hex
  /** Input rows = predictions (>= 1). */
  count: number
  /** SHA-256 of the canonical predictions bytes (`predictionsHash`). */
  predictionsHash: Hex
}

/** ABI types of the format-3 journal, in order; InferenceJournal.sol decodes the same tuple. */
export const INFERENCE_JOURNAL_ABI = [
  { name: 'format', type: 'uint32' },
  { name: 'requestId', type: 'bytes32' },
  { name: 'modelHash', type: 'bytes32' },
  { name: 'inputsHash', type: 'bytes32' },
  { name: 'count', type: 'uint32' },
  { name: 'predictionsHash', type: 'bytes32' },
] as const

/** Encoded format-3 journal length: 6 static ABI words. */
export const INFERENCE_JOURNAL_BYTES = 192

/**
 * `abi.encode(uint32 format = 3, bytes32 requestId, bytes32 modelHash, bytes32 inputsHash,
 * uint32 count, bytes32 predictionsHash)` -- 192 bytes.
 *
 * @throws {CanonicalError} JOURNAL_FIELD when a field is out of its type's range or count is 0
 * @example
 * encodeInferenceJournal({ format: 3, requestId, modelHash, inputsHash, count: 4, predictionsHash })
 */
export function encodeInferenceJournal(j: InferenceJournal): Hex {
  if (j.format !== 3) journalFieldError(`format ${String(j.format)}, expected 3`)
  for (const key of ['requestId', 'modelHash', 'inputsHash', 'predictionsHash'] as const)
    checkBytes32(j[key], key)
  if (!Number.isInteger(j.count) || j.count < 1 || j.count > 0xffff_ffff)
    journalFieldError(`count ${j.count} is not a uint32 >= 1`)
  return encodeAbiParameters(INFERENCE_JOURNAL_ABI, [
    j.format,
    j.requestId,
    j.modelHash,
    j.inputsHash,
    j.count,
    j.predictionsHash,
  ])
}

/**
 * Strictly decodes a format-3 journal, in the Rust core's order: whole-byte hex, exactly 192 bytes,
 * clean padding of the uint32 words (0 and 4), format 3, count >= 1 (what InferenceJournal.sol
 * reverts on: length, dirty padding, format, empty).
 *
 * @throws {CanonicalError} HEX | JOURNAL_LENGTH | JOURNAL_WORD | JOURNAL_FORMAT | JOURNAL_EMPTY
 * @example
 * decodeInferenceJournal(encodeInferenceJournal(j)) // deep-equals j
 */
export function decodeInferenceJournal(h: Hex): InferenceJournal {
  if (!isHex(h, { strict: true }) || h.length % 2 !== 0)
    throw new CanonicalError('HEX', 'journal is not 0x-prefixed hex with whole bytes')
  const len = (h.length - 2) / 2
  if (len !== INFERENCE_JOURNAL_BYTES)
    throw new CanonicalError('JOURNAL_LENGTH', `journal is ${len} bytes, expected ${INFERENCE_JOURNAL_BYTES}`)
  for (const i of [0, 4]) {
    if (!/^0{56}/.test(h.slice(2 + 64 * i, 2 + 64 * (i + 1))))
      throw new CanonicalError('JOURNAL_WORD', `journal word ${i} is not a valid ABI value`)
  }
  const [format, requestId, modelHash, inputsHash, count, predictionsHash] = decodeAbiParameters(
    INFERENCE_JOURNAL_ABI,
    h,
  )
  if (format !== 3) throw new CanonicalError('JOURNAL_FORMAT', `journal format ${format}, expected 3`)
  if (count === 0)
    throw new CanonicalError('JOURNAL_EMPTY', 'journal count is 0; a request has >= 1 prediction')
  return { format: 3, requestId, modelHash, inputsHash, count, predictionsHash }
}
