/**
 * Receipt and record queries (CryptoService.getTransactionReceipts / getTxRecordByTxID).
 * Receipts are free. Records are a paid query on Hedera: this node quotes a cost of 0 and,
 * for the answer itself, checks that the payment transaction is a CryptoTransfer signed by
 * an existing payer, so an unsigned or forged payment is still refused.
 */
import { proto } from '@hashgraph/proto'
import { decodeTransaction } from './decodeTransaction.ts'
import { checkEnvelope, type PrecheckContext } from './precheck.ts'
import { formatTransactionId, transactionIdFromProto, u64 } from './protoValues.ts'
import { ensure, StatusFailure } from './statusFailure.ts'

type Header = proto.IResponseHeader

/** Answers `transactionGetReceipt`. */
export function answerReceiptQuery(query: proto.IQuery, ctx: PrecheckContext): proto.IResponse {
  const request = query.transactionGetReceipt ?? {}
  const responseType = request.header?.responseType ?? proto.ResponseType.ANSWER_ONLY
  const header = freeHeader(responseType)
  try {
    const record = findRecord(request.transactionID, ctx, proto.ResponseCodeEnum.RECEIPT_NOT_FOUND)
    if (isCostQuery(responseType))
      return { transactionGetReceipt: { header: header(proto.ResponseCodeEnum.OK) } }
    return {
      transactionGetReceipt: {
        header: header(proto.ResponseCodeEnum.OK),
        receipt: record.receipt,
        duplicateTransactionReceipts: [],
        childTransactionReceipts: [],
      },
    }
  } catch (error) {
    if (!(error instanceof StatusFailure)) throw error
    return { transactionGetReceipt: { header: header(error.status) } }
  }
}

/** Answers `transactionGetRecord`, including the SDK's cost query that precedes it. */
export function answerRecordQuery(query: proto.IQuery, ctx: PrecheckContext): proto.IResponse {
  const request = query.transactionGetRecord ?? {}
  const responseType = request.header?.responseType ?? proto.ResponseType.ANSWER_ONLY
  const header = freeHeader(responseType)
  try {
    // The SDK's cost query carries a placeholder payment that no node validates.
    if (isCostQuery(responseType))
      return { transactionGetRecord: { header: header(proto.ResponseCodeEnum.OK) } }
    checkPayment(request.header?.payment, ctx)
    const record = findRecord(request.transactionID, ctx, proto.ResponseCodeEnum.RECORD_NOT_FOUND)
    return {
      transactionGetRecord: {
        header: header(proto.ResponseCodeEnum.OK),
        transactionRecord: record,
        duplicateTransactionRecords: [],
        childTransactionRecords: [],
      },
    }
  } catch (error) {
    if (!(error instanceof StatusFailure)) throw error
    return { transactionGetRecord: { header: header(error.status) } }
  }
}

/** Header builder for a query of `responseType` that this node answers at a cost of 0. */
function freeHeader(responseType: proto.ResponseType): (code: proto.ResponseCodeEnum) => Header {
  return (code) => ({ nodeTransactionPrecheckCode: code, responseType, cost: u64(0n) })
}

function isCostQuery(responseType: proto.ResponseType): boolean {
  return (
    responseType === proto.ResponseType.COST_ANSWER ||
    responseType === proto.ResponseType.COST_ANSWER_STATE_PROOF
  )
}

function findRecord(
  id: proto.ITransactionID | null | undefined,
  ctx: PrecheckContext,
  notFound: proto.ResponseCodeEnum,
): proto.TransactionRecord {
  const plain = id ? transactionIdFromProto(id) : undefined
  ensure(plain, proto.ResponseCodeEnum.INVALID_TRANSACTION_ID)
  const bytes = ctx.store.getRecord(formatTransactionId(plain))
  ensure(bytes, notFound)
  return proto.TransactionRecord.decode(bytes)
}

function checkPayment(payment: proto.ITransaction | null | undefined, ctx: PrecheckContext): void {
  ensure(payment, proto.ResponseCodeEnum.INSUFFICIENT_TX_FEE, 'a record query needs a payment transaction')
  const tx = decodeTransaction(proto.Transaction.encode(payment).finish())
  ensure(
    tx.body.data === 'cryptoTransfer',
    proto.ResponseCodeEnum.INSUFFICIENT_TX_FEE,
    'payment must be a CryptoTransfer',
  )
  checkEnvelope(tx, ctx)
}
