import type { AggregationProof, TimestampReceipt } from '@veritree/core/attest'
import type { Hex } from 'viem'

export type { AggregationProof, TimestampReceipt }

export type VerifyRequest = {
  /** Path of the CBOR-encoded RISC Zero receipt (what zkVerify's risc0 V3_0 verifier takes). */
  receiptPath: string
  imageId: Hex
  journal: Hex
}

/** Verifies a RISC Zero receipt and gets its statement into a published aggregation. */
export interface Verifier {
  readonly mode: 'local' | 'zkverify'
  verify(request: VerifyRequest, options?: { signal?: AbortSignal }): Promise<AggregationProof>
}

/** An append-only, timestamped log (Hedera Consensus Service topic). */
export interface TimestampLog {
  readonly network: TimestampReceipt['network']
  submit(message: Uint8Array, options?: { signal?: AbortSignal }): Promise<TimestampReceipt>
}
