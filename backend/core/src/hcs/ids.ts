/**
 * Hedera entity ids and consensus timestamps as plain values, shared by the local node, the
 * timestamp log and the mirror client. No `node:` imports: the browser uses this file too.
 */

/** A `shard.realm.num` entity id (account, topic, node). */
export type EntityId = { shard: bigint; realm: bigint; num: bigint }

/** A consensus timestamp split the way Hedera's protobufs and running hash split it. */
export type ConsensusTime = { seconds: bigint; nanos: number }

const ENTITY_ID = /^(\d{1,19})\.(\d{1,19})\.(\d{1,19})$/
const TIMESTAMP = /^(\d{1,19})\.(\d{9})$/
const U64_MAX = (1n << 64n) - 1n
const NANOS_PER_SECOND = 1_000_000_000n

/**
 * Parses `"0.0.1001"`. Checksummed ids (`0.0.1001-abcde`) and aliases are not accepted.
 * @example parseEntityId('0.0.1001') // { shard: 0n, realm: 0n, num: 1001n }
 */
export function parseEntityId(text: string): EntityId {
  const match = ENTITY_ID.exec(text)
  if (!match)
    throw new Error(`invalid entity id ${JSON.stringify(text)}: expected "shard.realm.num", e.g. "0.0.1001"`)
  const [shard, realm, num] = [BigInt(match[1]), BigInt(match[2]), BigInt(match[3])]
  for (const part of [shard, realm, num]) {
    if (part > U64_MAX) throw new Error(`invalid entity id ${JSON.stringify(text)}: part out of range`)
  }
  return { shard, realm, num }
}

/** @example formatEntityId({ shard: 0n, realm: 0n, num: 2n }) // "0.0.2" */
export function formatEntityId(id: EntityId): string {
  return `${id.shard}.${id.realm}.${id.num}`
}

/**
 * Formats a consensus time the way the mirror node prints it: seconds, a dot, nine digits of nanos.
 * @example formatConsensusTime({ seconds: 1700000000n, nanos: 5 }) // "1700000000.000000005"
 */
export function formatConsensusTime(time: ConsensusTime): string {
  if (!Number.isInteger(time.nanos) || time.nanos < 0 || time.nanos > 999_999_999) {
    throw new Error(`invalid nanos ${time.nanos}: expected an integer in 0..999999999`)
  }
  return `${time.seconds}.${String(time.nanos).padStart(9, '0')}`
}

/** Parses `"seconds.nnnnnnnnn"` (exactly nine digits of nanos, as the mirror node prints). */
export function parseConsensusTime(text: string): ConsensusTime {
  const match = TIMESTAMP.exec(text)
  if (!match)
    throw new Error(`invalid consensus timestamp ${JSON.stringify(text)}: expected "seconds.nnnnnnnnn"`)
  return { seconds: BigInt(match[1]), nanos: Number(match[2]) }
}

/** Nanoseconds since the epoch, for ordering and arithmetic. */
export function toEpochNanos(time: ConsensusTime): bigint {
  return time.seconds * NANOS_PER_SECOND + BigInt(time.nanos)
}

/** Inverse of {@link toEpochNanos}. */
export function fromEpochNanos(nanos: bigint): ConsensusTime {
  if (nanos < 0n) throw new Error(`negative timestamp ${nanos}`)
  return { seconds: nanos / NANOS_PER_SECOND, nanos: Number(nanos % NANOS_PER_SECOND) }
}
