/**
 * What the attestation steps hand back: the zkVerify aggregation a statement landed in and the HCS
 * message that timestamps a sale. Plain data (the certificate carries both), so browser-safe.
 */
import type { Hex } from 'viem'

/**
 * What the zkVerify side hands back for one verified receipt: enough to call
 * `DatasetMarket.settle` and to re-check the aggregation against the chain.
 * Local mode and zkverifyjs mode return exactly this shape.
 */
export type AggregationProof = {
  /** keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal)) */
  statement: Hex
  domainId: bigint
  aggregationId: bigint
  /** Sibling hashes from the leaf up to the root (zkVerify's substrate binary Merkle rules). */
  merklePath: Hex[]
  leafCount: bigint
  /** Position of the statement among the aggregation's leaves. */
  index: bigint
  /** Aggregation root as published on the settlement chain. */
  root: Hex
  /** Where the root lives: the ZkVerifyAggregation contract and the tx that published it, when known. */
  aggregationContract: Hex
  publishTxHash?: Hex
  /** zkVerify-side identifiers (real mode only). */
  zkVerifyTxHash?: string
  zkVerifyBlockHash?: string
}

/** One message's place in an HCS topic, as the network's receipt and mirror report it. */
export type TimestampReceipt = {
  network: 'local' | 'testnet' | 'mainnet' | 'previewnet'
  topicId: string
  transactionId: string
  sequenceNumber: bigint
  /** "seconds.nanoseconds", as the mirror node prints it. */
  consensusTimestamp: string
  /** 48-byte SHA-384 running hash after this message, version 3. */
  runningHash: Hex
  runningHashVersion: 3
  /** Mirror REST base URL where the message can be read back. */
  mirrorUrl: string
}
