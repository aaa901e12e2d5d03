/**
 * What zkVerify's RISC Zero verifier (risc0 pallet, V3_0) accepts. The host CLI checks a receipt
 * against the same numbers before submitting (zkvm-guest/host/src/zkverify.rs); golden.json carries
 * these values so both sides can be checked against one list.
 */
export const ZKVERIFY_RISC0_LIMITS = {
  /** Composite receipts of at most this many segments. */
  maxSegments: 4,
  /** Each segment's seal at most this many bytes. */
  maxSegmentBytes: 350_000,
  /** Each segment at most 2^21 cycles (`po2 <= 21`). */
  maxPo2: 21,
  /** The journal (`publicSignals`) at most this many bytes. */
  maxPublicInputsBytes: 2_052,
} as const
