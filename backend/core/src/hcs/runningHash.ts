/**
 * HCS topic running hash, version 3, bit-exact with Hedera's nodes.
 *
 * Hedera computes it by writing the fields through `java.io.ObjectOutputStream`, so the
 * SHA-384 input carries Java serialization framing (stream header, a `byte[]` class
 * descriptor, a block-data record, a back-reference to the class). The framing bytes below are
 * constants because every field has a fixed size. No `node:` imports: the certificate page
 * and the offline receipt checker recompute this in the browser.
 */
import { sha384 } from '@noble/hashes/sha2'
import { concatBytes } from 'viem'
import type { ConsensusTime, EntityId } from './ids.ts'

/** Running hash version this module computes (the only one Hedera has used since 2020). */
export const RUNNING_HASH_VERSION = 3
/** Length of a running hash in bytes (SHA-384). */
export const RUNNING_HASH_LENGTH = 48

/** `ObjectOutputStream` header, then `byte[]` (TC_ARRAY, class desc "[B", its serialVersionUID, length 48). */
const STREAM_AND_ARRAY_HEADER = Uint8Array.from([
  0xac, 0xed, 0x00, 0x05, 0x75, 0x72, 0x00, 0x02, 0x5b, 0x42, 0xac, 0xf3, 0x17, 0xf8, 0x06, 0x08, 0x54, 0xe0,
  0x02, 0x00, 0x00, 0x78, 0x70, 0x00, 0x00, 0x00, 0x30,
])
/** TC_BLOCKDATA of 76 bytes: nine longs and one int. */
const BLOCK_DATA_HEADER = Uint8Array.from([0x77, 0x4c])
/** A second `byte[]` (TC_ARRAY, back-reference to the class desc, length 48) for the message hash. */
const SECOND_ARRAY_HEADER = Uint8Array.from([0x75, 0x71, 0x00, 0x7e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x30])
const BLOCK_DATA_LENGTH = 76
const U64_MAX = (1n << 64n) - 1n

/** Everything that goes into one step of a topic's running hash. */
export type RunningHashInput = {
  /** Running hash after the previous message; 48 zero bytes for a topic's first message. */
  previousRunningHash: Uint8Array
  /** Account that paid for the message (the transaction id's account). */
  payer: EntityId
  topic: EntityId
  consensusTime: ConsensusTime
  sequenceNumber: bigint
  /** The message bytes as submitted (one chunk, for chunked messages). */
  message: Uint8Array
}

/** The running hash of a topic that has no messages yet. */
export function initialRunningHash(): Uint8Array {
  return new Uint8Array(RUNNING_HASH_LENGTH)
}

/**
 * Computes the version-3 running hash after one message.
 *
 * @example
 * const hash = computeRunningHashV3({
 *   previousRunningHash: initialRunningHash(),
 *   payer: parseEntityId('0.0.123'),
 *   topic: parseEntityId('0.0.1'),
 *   consensusTime: { seconds: 2234567n, nanos: 0 },
 *   sequenceNumber: 1n,
 *   message: new TextEncoder().encode('Hello world!'),
 * })
 */
export function computeRunningHashV3(input: RunningHashInput): Uint8Array {
  if (input.previousRunningHash.length !== RUNNING_HASH_LENGTH) {
    throw new Error(
      `previous running hash must be ${RUNNING_HASH_LENGTH} bytes, got ${input.previousRunningHash.length}`,
    )
  }
  const { nanos } = input.consensusTime
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw new Error(`consensus nanos must be an integer in 0..999999999, got ${nanos}`)
  }

  const block = new DataView(new ArrayBuffer(BLOCK_DATA_LENGTH))
  let offset = 0
  const putU64 = (name: string, value: bigint) => {
    if (value < 0n || value > U64_MAX) throw new Error(`${name} out of u64 range: ${value}`)
    block.setBigUint64(offset, value)
    offset += 8
  }
  putU64('running hash version', BigInt(RUNNING_HASH_VERSION))
  putU64('payer shard', input.payer.shard)
  putU64('payer realm', input.payer.realm)
  putU64('payer num', input.payer.num)
  putU64('topic shard', input.topic.shard)
  putU64('topic realm', input.topic.realm)
  putU64('topic num', input.topic.num)
  putU64('consensus seconds', input.consensusTime.seconds)
  block.setUint32(offset, nanos)
  offset += 4
  putU64('sequence number', input.sequenceNumber)

  return sha384(
    concatBytes([
      STREAM_AND_ARRAY_HEADER,
      input.previousRunningHash,
      BLOCK_DATA_HEADER,
      new Uint8Array(block.buffer),
      SECOND_ARRAY_HEADER,
      sha384(input.message),
    ]),
  )
}
