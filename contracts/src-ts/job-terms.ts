/**
 * What a customer escrows for (`DatasetMarket.JobTerms`) and the journal format that settles it, the
 * model commitment that binds a job to the
 * model it pays for, and the reasons the operator may refund a job that can never be proven.
 * `test/jobTerms.test.ts` keeps these equal to the contract's constants.
 */
import { encodePacked, type Hex, isHex, keccak256, size } from 'viem'

/**
 * The journal format a job is settled by (`JobTerms.journalFormat`; `AccuracyJournal` in the contracts).
 * ACCURACY (1): the guest proves the quoted model's accuracy on the test set. TRAINING (2): it also
 * trains that model itself, from the market's dataset and the job's parameters, and proves both hashes.
 */
export const JOURNAL_FORMAT = {
  ACCURACY: 1,
  TRAINING: 2,
} as const

/** One of {@link JOURNAL_FORMAT}'s values. */
export type JournalFormat = (typeof JOURNAL_FORMAT)[keyof typeof JOURNAL_FORMAT]

/** `DatasetMarket.JobTerms`, as viem encodes it for `openJob`. */
export interface JobTerms {
  /** SHA-256 of the customer's canonical test-set bytes. */
  testSetHash: Hex
  /** SHA-256 of the canonical training parameters (`trainingParamsHash` in @veritree/core). */
  paramsHash: Hex
  /** {@link modelCommitment} of the quoted model's hash and a secret salt. */
  modelCommitment: Hex
  /** The backend quote id. */
  quoteId: Hex
  /** Unix seconds; openJob reverts `QuoteExpired` once the block time is past it. */
  quoteExpiresAt: bigint
  /** Required accuracy in basis points, 1..10000. */
  thresholdBps: number
  /** The journal format that settles the job; openJob reverts `JournalFormatUnsupported` otherwise. */
  journalFormat: JournalFormat
}

/**
 * `keccak256(abi.encodePacked(modelHash, salt))`, what openJob stores and settle opens with the salt.
 * The salt (32 random bytes per quote, kept secret until settle) stops anyone from learning the model's
 * hash from the quote or the chain before the sale.
 * @example
 * modelCommitment(modelHash, salt) // 0x… (32 bytes)
 */
export function modelCommitment(modelHash: Hex, salt: Hex): Hex {
  for (const [name, value] of [
    ['modelHash', modelHash],
    ['salt', salt],
  ] as const) {
    if (!isHex(value) || size(value) !== 32) {
      throw new TypeError(`modelCommitment: ${name} must be 32 bytes of hex, got ${String(value)}`)
    }
  }
  return keccak256(encodePacked(['bytes32', 'bytes32'], [modelHash, salt]))
}

/** `refundUnprovable` reasons (the contract's `UNPROVABLE_*` constants). */
export const UNPROVABLE_REASON = {
  /** The prover refused: the receipt would exceed zkVerify's limits (prover exit code 3). */
  TEST_SET_TOO_LARGE: 1,
  /** The retrained model's hash does not open the job's modelCommitment. */
  MODEL_MISMATCH: 2,
  /** The job's recorded verifier config is not the one this backend proves for. */
  VERIFIER_MISMATCH: 3,
  /** The job's terms differ from the stored quote, or the quote is unknown or expired. */
  TERMS_MISMATCH: 4,
  /** A permanent, non-transient proving failure. */
  PROVER_FAILED: 5,
} as const

/** One of {@link UNPROVABLE_REASON}'s values. */
export type UnprovableReason = (typeof UNPROVABLE_REASON)[keyof typeof UNPROVABLE_REASON]
