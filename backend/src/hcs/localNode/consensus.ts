/**
 * Single-node "consensus": a transaction that passed precheck gets the next consensus
 * timestamp (strictly increasing nanoseconds, never behind the wall clock's last value, kept
 * across restarts), is handled, and its record is written, all in one SQLite transaction.
 */
import { proto } from '@hashgraph/proto'
import { fromEpochNanos } from '@veritree/core/hcs'
import type { DecodedTransaction } from './decodeTransaction.ts'
import type { HandleContext } from './handleContext.ts'
import { handleCreateTopic } from './handleCreateTopic.ts'
import { handleSubmitMessage } from './handleSubmitMessage.ts'
import { timeToProto, u64 } from './protoValues.ts'
import { ensure, StatusFailure } from './statusFailure.ts'
import type { HcsStore } from './store.ts'

/** Wall-clock nanoseconds since the epoch. */
export type Clock = () => bigint

/**
 * Millisecond wall clock in nanoseconds. `Date.now()` follows the system clock, as the SDK's
 * transaction valid-start does; `performance.now()` would drift from it over days and push
 * valid starts into this node's future. Ties within a millisecond are broken by
 * `HcsStore.nextConsensusNs`.
 */
export const wallClock: Clock = () => BigInt(Date.now()) * 1_000_000n

export type ConsensusOutcome = { status: proto.ResponseCodeEnum; consensusNs: bigint }

const HANDLERS: Record<string, (ctx: HandleContext) => proto.ITransactionReceipt> = {
  consensusCreateTopic: handleCreateTopic,
  consensusSubmitMessage: handleSubmitMessage,
}

/**
 * Orders and executes one prechecked transaction. A handler failure is a recorded outcome
 * (receipt status), not an exception; only storage errors throw.
 */
export function reachConsensus(store: HcsStore, tx: DecodedTransaction, clock: Clock): ConsensusOutcome {
  return store.inTransaction(() => {
    // Checked again inside the write transaction: precheck ran outside it.
    ensure(!store.hasTransaction(tx.transactionIdKey), proto.ResponseCodeEnum.DUPLICATE_TRANSACTION)
    const consensusNs = store.nextConsensusNs(clock())
    const handler = HANDLERS[tx.body.data ?? '']
    ensure(handler, proto.ResponseCodeEnum.NOT_SUPPORTED)

    let status = proto.ResponseCodeEnum.SUCCESS
    let receiptFields: proto.ITransactionReceipt = {}
    try {
      receiptFields = handler({ tx, consensusNs, store })
    } catch (error) {
      if (!(error instanceof StatusFailure)) throw error
      status = error.status
    }
    const record: proto.ITransactionRecord = {
      receipt: { ...receiptFields, status },
      transactionHash: tx.transactionHash,
      consensusTimestamp: timeToProto(fromEpochNanos(consensusNs)),
      transactionID: tx.body.transactionID,
      memo: tx.body.memo ?? '',
      // This node charges no fees; the record says so rather than inventing one.
      transactionFee: u64(0n),
      transferList: { accountAmounts: [] },
    }
    store.putTransaction(
      tx.transactionIdKey,
      consensusNs,
      status,
      proto.TransactionRecord.encode(record).finish(),
    )
    return { status, consensusNs }
  })
}
