/** Consensus-time handling of ConsensusSubmitMessage: checks, then sequence number and running hash. */
import { proto } from '@hashgraph/proto'
import {
  computeRunningHashV3,
  fromEpochNanos,
  HCS_CHUNK_BYTES,
  RUNNING_HASH_VERSION,
} from '@veritree/core/hcs'
import type { HandleContext } from './handleContext.ts'
import { decodeKey, isKeySatisfied } from './keys.ts'
import { sameEntity, topicIdFromProto, transactionIdFromProto, u64 } from './protoValues.ts'
import { ensure } from './statusFailure.ts'

/** Largest message (or chunk) a topic accepts, in bytes. */
export const MAX_MESSAGE_BYTES = HCS_CHUNK_BYTES

/**
 * Appends a message to its topic. Throws {@link StatusFailure} (recorded as the receipt
 * status) on failure, leaving the topic untouched.
 * @returns the receipt fields: sequence number, running hash and its version
 */
export function handleSubmitMessage(ctx: HandleContext): proto.ITransactionReceipt {
  const { tx, store } = ctx
  const op = tx.body.consensusSubmitMessage ?? {}
  const topicId = topicIdFromProto(op.topicID ?? {})
  const topic = topicId.shard === 0n && topicId.realm === 0n ? store.getTopic(topicId.num) : undefined
  ensure(topic, proto.ResponseCodeEnum.INVALID_TOPIC_ID)
  if (topic.submitKey) {
    ensure(
      isKeySatisfied(decodeKey(topic.submitKey), tx.bodyBytes, tx.sigPairs),
      proto.ResponseCodeEnum.INVALID_SIGNATURE,
      'submit key',
    )
  }
  const message = op.message ?? new Uint8Array()
  ensure(message.length <= MAX_MESSAGE_BYTES, proto.ResponseCodeEnum.MESSAGE_SIZE_TOO_LARGE)

  let chunk = null
  if (op.chunkInfo) {
    const { number = 0, total = 0, initialTransactionID } = op.chunkInfo
    ensure(
      number !== null && total !== null && number >= 1 && number <= total,
      proto.ResponseCodeEnum.INVALID_CHUNK_NUMBER,
    )
    const initial = initialTransactionID ? transactionIdFromProto(initialTransactionID) : undefined
    // Every chunk is paid by the same account, and chunk 1 is the initial transaction itself.
    ensure(
      initial && sameEntity(initial.payer, tx.transactionId.payer),
      proto.ResponseCodeEnum.INVALID_CHUNK_TRANSACTION_ID,
    )
    ensure(
      number !== 1 ||
        (initial.validStart.seconds === tx.transactionId.validStart.seconds &&
          initial.validStart.nanos === tx.transactionId.validStart.nanos),
      proto.ResponseCodeEnum.INVALID_CHUNK_TRANSACTION_ID,
    )
    chunk = {
      number,
      total,
      initialTransactionId: proto.TransactionID.encode(initialTransactionID ?? {}).finish(),
    }
  }

  const sequenceNumber = topic.sequenceNumber + 1n
  const runningHash = computeRunningHashV3({
    previousRunningHash: topic.runningHash,
    payer: tx.transactionId.payer,
    topic: topicId,
    consensusTime: fromEpochNanos(ctx.consensusNs),
    sequenceNumber,
    message,
  })
  store.appendMessage({
    topicNum: topic.num,
    sequenceNumber,
    consensusNs: ctx.consensusNs,
    payerNum: tx.transactionId.payer.num,
    message,
    runningHash,
    chunk,
  })
  return {
    topicSequenceNumber: u64(sequenceNumber),
    topicRunningHash: runningHash,
    topicRunningHashVersion: u64(BigInt(RUNNING_HASH_VERSION)),
  }
}
