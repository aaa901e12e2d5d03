/**
 * Checks a node runs before a transaction goes to consensus ("precheck"). A failure here is
 * returned as `nodeTransactionPrecheckCode`, nothing is recorded, and the SDK raises a
 * `PrecheckStatusError`.
 */
import { proto } from '@hashgraph/proto'
import { toEpochNanos } from '@veritree/core/hcs'
import type { DecodedTransaction } from './decodeTransaction.ts'
import { NODE_ACCOUNT_NUM } from './genesis.ts'
import { decodeKey, isKeySatisfied } from './keys.ts'
import { accountIdFromProto, toBigInt } from './protoValues.ts'
import { ensure } from './statusFailure.ts'
import type { HcsStore } from './store.ts'

/** Hedera's bounds on `transactionValidDuration`, in seconds. */
export const MIN_VALID_DURATION_S = 15n
export const MAX_VALID_DURATION_S = 180n
/** Hedera's limit on memos, in UTF-8 bytes. */
export const MAX_MEMO_BYTES = 100

export type PrecheckContext = { store: HcsStore; nowNs: bigint }

/** The transaction kinds this node executes; anything else is NOT_SUPPORTED. */
export const SUPPORTED_TRANSACTIONS = ['consensusCreateTopic', 'consensusSubmitMessage'] as const

/**
 * Envelope checks every signed transaction passes, query payments included: node account,
 * valid duration, memo, time box, payer account and payer signature.
 * @returns the payer's key, for handlers that need it
 */
export function checkEnvelope(tx: DecodedTransaction, ctx: PrecheckContext): proto.Key {
  const { body } = tx
  const node = body.nodeAccountID ? accountIdFromProto(body.nodeAccountID) : undefined
  ensure(
    node && node.shard === 0n && node.realm === 0n && node.num === NODE_ACCOUNT_NUM,
    proto.ResponseCodeEnum.INVALID_NODE_ACCOUNT,
    'this node is 0.0.3',
  )

  const durationS = toBigInt(body.transactionValidDuration?.seconds)
  ensure(
    durationS >= MIN_VALID_DURATION_S && durationS <= MAX_VALID_DURATION_S,
    proto.ResponseCodeEnum.INVALID_TRANSACTION_DURATION,
  )
  checkMemo(body.memo ?? '')

  const validStartNs = toEpochNanos(tx.transactionId.validStart)
  ensure(
    validStartNs <= ctx.nowNs,
    proto.ResponseCodeEnum.INVALID_TRANSACTION_START,
    'valid start is in the future',
  )
  ensure(validStartNs + durationS * 1_000_000_000n > ctx.nowNs, proto.ResponseCodeEnum.TRANSACTION_EXPIRED)

  const payer = tx.transactionId.payer
  const payerKeyBytes =
    payer.shard === 0n && payer.realm === 0n ? ctx.store.getAccountKey(payer.num) : undefined
  ensure(payerKeyBytes, proto.ResponseCodeEnum.PAYER_ACCOUNT_NOT_FOUND)
  const payerKey = decodeKey(payerKeyBytes)
  ensure(
    isKeySatisfied(payerKey, tx.bodyBytes, tx.sigPairs),
    proto.ResponseCodeEnum.INVALID_SIGNATURE,
    'payer',
  )
  return payerKey
}

/**
 * All prechecks for a transaction submitted to a transaction RPC: the envelope, duplicates,
 * the transaction kind, and the kind's own checks that need no state.
 */
export function checkTransaction(tx: DecodedTransaction, ctx: PrecheckContext): proto.Key {
  const payerKey = checkEnvelope(tx, ctx)
  ensure(!ctx.store.hasTransaction(tx.transactionIdKey), proto.ResponseCodeEnum.DUPLICATE_TRANSACTION)

  const kind = tx.body.data
  ensure(
    kind !== undefined && (SUPPORTED_TRANSACTIONS as readonly string[]).includes(kind),
    proto.ResponseCodeEnum.NOT_SUPPORTED,
    `transaction kind ${kind ?? '(none)'}`,
  )
  if (kind === 'consensusCreateTopic') {
    const op = tx.body.consensusCreateTopic ?? {}
    checkMemo(op.memo ?? '')
    // Topic custom fees (HIP-991) are not implemented by this node.
    ensure(
      !op.feeScheduleKey && (op.customFees ?? []).length === 0 && (op.feeExemptKeyList ?? []).length === 0,
      proto.ResponseCodeEnum.NOT_SUPPORTED,
      'topic custom fees',
    )
  } else {
    const op = tx.body.consensusSubmitMessage ?? {}
    ensure(op.topicID, proto.ResponseCodeEnum.INVALID_TOPIC_ID)
    ensure(op.message && op.message.length > 0, proto.ResponseCodeEnum.INVALID_TOPIC_MESSAGE)
  }
  return payerKey
}

function checkMemo(memo: string): void {
  ensure(new TextEncoder().encode(memo).length <= MAX_MEMO_BYTES, proto.ResponseCodeEnum.MEMO_TOO_LONG)
  ensure(!memo.includes('\0'), proto.ResponseCodeEnum.INVALID_ZERO_BYTE_IN_STRING)
}
