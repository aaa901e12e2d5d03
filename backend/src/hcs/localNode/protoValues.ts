/** Conversions between protobufjs values (Long, optional messages) and this node's plain values. */
import type { proto } from '@hashgraph/proto'
import { Long } from '@hashgraph/sdk'
import { type ConsensusTime, type EntityId, formatConsensusTime, formatEntityId } from '@veritree/core/hcs'

/** What protobufjs hands back for 64-bit fields: a Long, or a number for small values. */
export type LongLike = { toString(): string } | number | bigint

/** Converts a protobufjs 64-bit value; null/undefined mean the proto3 default, 0. */
export function toBigInt(value: LongLike | null | undefined): bigint {
  if (value == null) return 0n
  return typeof value === 'bigint' ? value : BigInt(value.toString())
}

/** Plain entity id from an AccountID/TopicID-shaped message. */
export function entityIdFromProto(
  id: { shardNum?: LongLike | null; realmNum?: LongLike | null },
  num: LongLike | null | undefined,
): EntityId {
  return { shard: toBigInt(id.shardNum), realm: toBigInt(id.realmNum), num: toBigInt(num) }
}

export function accountIdFromProto(id: proto.IAccountID): EntityId {
  return entityIdFromProto(id, id.accountNum)
}

export function topicIdFromProto(id: proto.ITopicID): EntityId {
  return entityIdFromProto(id, id.topicNum)
}

export function timeFromProto(ts: proto.ITimestamp | null | undefined): ConsensusTime {
  return { seconds: toBigInt(ts?.seconds), nanos: ts?.nanos ?? 0 }
}

export function timeToProto(time: ConsensusTime): proto.ITimestamp {
  return { seconds: u64(time.seconds), nanos: time.nanos }
}

/** A bigint for a 64-bit protobuf field, exactly (a double would round above 2^53). */
export function u64(value: bigint): Long {
  return Long.fromString(value.toString(), value >= 0n)
}

export function accountIdToProto(id: EntityId): proto.IAccountID {
  return { shardNum: u64(id.shard), realmNum: u64(id.realm), accountNum: u64(id.num) }
}

export function topicIdToProto(id: EntityId): proto.ITopicID {
  return { shardNum: u64(id.shard), realmNum: u64(id.realm), topicNum: u64(id.num) }
}

/** The SDK's `TransactionId.toString()` form: `0.0.2@1700000000.000000123`, plus `?scheduled` and `/nonce`. */
export function formatTransactionId(id: {
  payer: EntityId
  validStart: ConsensusTime
  scheduled: boolean
  nonce: number
}): string {
  const base = `${formatEntityId(id.payer)}@${formatConsensusTime(id.validStart)}`
  return `${base}${id.scheduled ? '?scheduled' : ''}${id.nonce !== 0 ? `/${id.nonce}` : ''}`
}

/** Plain form of a protobuf TransactionID; missing parts are reported, not defaulted. */
export type PlainTransactionId = {
  payer: EntityId
  validStart: ConsensusTime
  scheduled: boolean
  nonce: number
}

export function transactionIdFromProto(id: proto.ITransactionID): PlainTransactionId | undefined {
  if (!id.accountID || !id.transactionValidStart) return undefined
  return {
    payer: accountIdFromProto(id.accountID),
    validStart: timeFromProto(id.transactionValidStart),
    scheduled: id.scheduled ?? false,
    nonce: id.nonce ?? 0,
  }
}

export function transactionIdToProto(id: PlainTransactionId): proto.ITransactionID {
  return {
    accountID: accountIdToProto(id.payer),
    transactionValidStart: timeToProto(id.validStart),
    scheduled: id.scheduled,
    nonce: id.nonce,
  }
}

export function sameEntity(a: EntityId, b: EntityId): boolean {
  return a.shard === b.shard && a.realm === b.realm && a.num === b.num
}
