/**
 * Turns the bytes of a gRPC `proto.Transaction` into a body, its exact signed bytes and its
 * signatures. Only the current wire form (`signedTransactionBytes`) is accepted; the
 * deprecated `body`/`sigs`/`bodyBytes` fields are rejected.
 */

import { proto } from '@hashgraph/proto'
import { sha384 } from '@noble/hashes/sha2'
import { errorMessage } from '@veritree/core/errors'
import { formatTransactionId, type PlainTransactionId, transactionIdFromProto } from './protoValues.ts'
import { ensure, StatusFailure } from './statusFailure.ts'

/** Hedera's limit on the size of a serialized transaction. */
export const MAX_TRANSACTION_BYTES = 6144

export type DecodedTransaction = {
  /** Exactly what the payer signed. */
  bodyBytes: Uint8Array
  body: proto.TransactionBody
  sigPairs: proto.ISignaturePair[]
  transactionId: PlainTransactionId
  /** `TransactionId.toString()` form; the node's duplicate and receipt key. */
  transactionIdKey: string
  /** SHA-384 of `signedTransactionBytes`, as Hedera reports it in records. */
  transactionHash: Uint8Array
}

/**
 * Decodes and structurally checks a transaction.
 * @throws {StatusFailure} TRANSACTION_OVERSIZE, INVALID_TRANSACTION, INVALID_TRANSACTION_BODY,
 *   INVALID_TRANSACTION_ID, TRANSACTION_ID_FIELD_NOT_ALLOWED
 */
export function decodeTransaction(bytes: Uint8Array): DecodedTransaction {
  ensure(bytes.length <= MAX_TRANSACTION_BYTES, proto.ResponseCodeEnum.TRANSACTION_OVERSIZE)
  const transaction = decodeOr(
    () => proto.Transaction.decode(bytes),
    proto.ResponseCodeEnum.INVALID_TRANSACTION,
  )
  const signedBytes = transaction.signedTransactionBytes
  ensure(
    signedBytes != null && signedBytes.length > 0,
    proto.ResponseCodeEnum.INVALID_TRANSACTION,
    'signedTransactionBytes is required (deprecated transaction fields are not supported)',
  )
  const signed = decodeOr(
    () => proto.SignedTransaction.decode(signedBytes),
    proto.ResponseCodeEnum.INVALID_TRANSACTION,
  )
  const bodyBytes = signed.bodyBytes
  ensure(bodyBytes != null && bodyBytes.length > 0, proto.ResponseCodeEnum.INVALID_TRANSACTION_BODY)
  const body = decodeOr(
    () => proto.TransactionBody.decode(bodyBytes),
    proto.ResponseCodeEnum.INVALID_TRANSACTION_BODY,
  )

  const transactionId = body.transactionID ? transactionIdFromProto(body.transactionID) : undefined
  ensure(
    transactionId,
    proto.ResponseCodeEnum.INVALID_TRANSACTION_ID,
    'transactionID needs an account and a valid start',
  )
  // Only the network itself creates scheduled or nonce-bearing (child) transaction ids.
  ensure(
    !transactionId.scheduled && transactionId.nonce === 0,
    proto.ResponseCodeEnum.TRANSACTION_ID_FIELD_NOT_ALLOWED,
  )

  return {
    bodyBytes,
    body,
    sigPairs: signed.sigMap?.sigPair ?? [],
    transactionId,
    transactionIdKey: formatTransactionId(transactionId),
    transactionHash: sha384(signedBytes),
  }
}

function decodeOr<T>(decode: () => T, status: proto.ResponseCodeEnum): T {
  try {
    return decode()
  } catch (error) {
    throw new StatusFailure(status, errorMessage(error))
  }
}
