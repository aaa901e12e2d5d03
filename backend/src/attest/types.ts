import type { AggregationProof, TimestampReceipt } from '@veritree/core/attest'
import type { Hex } from 'viem'

export type { AggregationProof, TimestampReceipt }

export type VerifyRequest = {
  /** Path of the CBOR-encoded RISC Zero receipt (what zkVerify's risc0 V3_0 verifier takes). */
  receiptPath: string
  imageId: Hex
  journal: Hex
}

/**
 * What a verifier handed over before it waits for the aggregation. The pipeline stores it as soon as
 * `onSubmitted` reports it and passes it back as `resume` on a retry, so a proof is submitted once.
 * - `zkverify`: the finalized submission on zkVerify (its tx and the aggregation it was queued in);
 * - `local`: the aggregation the local stand-in published (its root is looked up on-chain on resume).
 */
export type VerifySubmission =
  | { kind: 'zkverify'; statement: Hex; txHash: string; blockHash: string | null; aggregationId: number }
  | { kind: 'local'; statement: Hex; proof: AggregationProof }

export type VerifyOptions = {
  signal?: AbortSignal
  /** A submission stored by an earlier attempt for the same receipt: resume from it, do not submit again. */
  resume?: VerifySubmission | null
  /** Called (and awaited) once the proof was submitted, before waiting for the aggregation. */
  onSubmitted?: (submission: VerifySubmission) => Promise<void>
}

/** Verifies a RISC Zero receipt and gets its statement into a published aggregation. */
export interface Verifier {
  readonly mode: 'local' | 'zkverify'
  verify(request: VerifyRequest, options?: VerifyOptions): Promise<AggregationProof>
}

/** A message handed to the timestamp log, before its consensus receipt came back. */
export type TimestampSubmission = {
  transactionId: string
  topicId: string
  /** The topic's newest sequence number just before sending (decimal): the message lands after it. */
  afterSequence: string
}

/** An append-only, timestamped log (Hedera Consensus Service topic). */
export interface TimestampLog {
  readonly network: TimestampReceipt['network']
  submit(
    message: Uint8Array,
    options?: {
      signal?: AbortSignal
      /** Called (and awaited) with the transaction id before the message is sent. */
      onSubmitting?: (submission: TimestampSubmission) => Promise<void>
    },
  ): Promise<TimestampReceipt>
  /**
   * Looks up a message sent earlier by its transaction id (on the mirror node). Null when the network
   * never reached consensus on it, so sending it again cannot duplicate it.
   */
  lookup(
    submission: TimestampSubmission,
    message: Uint8Array,
    options?: { signal?: AbortSignal },
  ): Promise<TimestampReceipt | null>
}
