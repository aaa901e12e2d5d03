/**
 * The gRPC face of the local node: Hedera's `proto.ConsensusService` and the receipt/record
 * RPCs of `proto.CryptoService`, with the same method paths and protobuf messages as a
 * consensus node, so the unmodified `@hashgraph/sdk` talks to it. Methods not listed answer
 * gRPC UNIMPLEMENTED.
 */

import * as grpc from '@grpc/grpc-js'
import { proto } from '@hashgraph/proto'
import { errorMessage } from '@veritree/core/errors'
import type { Logger } from 'pino'
import { answerReceiptQuery, answerRecordQuery } from './answerQueries.ts'
import { type Clock, reachConsensus } from './consensus.ts'
import { decodeTransaction } from './decodeTransaction.ts'
import { checkTransaction } from './precheck.ts'
import { StatusFailure } from './statusFailure.ts'
import type { HcsStore } from './store.ts'

export type GrpcNodeDeps = { store: HcsStore; clock: Clock; logger: Logger }

type Unary = (request: Buffer) => Uint8Array

function method(service: string, name: string) {
  const identity = (b: Buffer) => b
  return {
    path: `/proto.${service}/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  } satisfies grpc.MethodDefinition<Buffer, Buffer>
}

/**
 * Handles one transaction RPC: decode, precheck, consensus. The answer is only the precheck
 * code, as on Hedera; the outcome is read back with a receipt query.
 */
export function submitTransaction(bytes: Uint8Array, deps: GrpcNodeDeps): proto.ResponseCodeEnum {
  try {
    const tx = decodeTransaction(bytes)
    checkTransaction(tx, { store: deps.store, nowNs: deps.clock() })
    const outcome = reachConsensus(deps.store, tx, deps.clock)
    deps.logger.debug(
      {
        transactionId: tx.transactionIdKey,
        kind: tx.body.data,
        status: proto.ResponseCodeEnum[outcome.status],
      },
      'transaction reached consensus',
    )
    return proto.ResponseCodeEnum.OK
  } catch (error) {
    if (!(error instanceof StatusFailure)) throw error
    deps.logger.debug({ precheck: error.message }, 'transaction failed precheck')
    return error.status
  }
}

/** Builds the gRPC server (not yet bound). */
export function createGrpcServer(deps: GrpcNodeDeps): grpc.Server {
  const transactionRpc: Unary = (bytes) =>
    proto.TransactionResponse.encode({
      nodeTransactionPrecheckCode: submitTransaction(bytes, deps),
    }).finish()
  const queryRpc =
    (answer: typeof answerReceiptQuery): Unary =>
    (bytes) => {
      let query: proto.Query
      try {
        query = proto.Query.decode(bytes)
      } catch (error) {
        throw new InvalidRequestError(`undecodable proto.Query: ${errorMessage(error)}`)
      }
      return proto.Response.encode(answer(query, { store: deps.store, nowNs: deps.clock() })).finish()
    }

  const server = new grpc.Server()
  addUnaryService(server, deps.logger, 'ConsensusService', {
    createTopic: transactionRpc,
    updateTopic: transactionRpc,
    deleteTopic: transactionRpc,
    submitMessage: transactionRpc,
  })
  addUnaryService(server, deps.logger, 'CryptoService', {
    getTransactionReceipts: queryRpc(answerReceiptQuery),
    getTxRecordByTxID: queryRpc(answerRecordQuery),
  })
  return server
}

function addUnaryService(
  server: grpc.Server,
  logger: Logger,
  service: string,
  handlers: Record<string, Unary>,
): void {
  const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {}
  const implementation: grpc.UntypedServiceImplementation = {}
  for (const [name, handle] of Object.entries(handlers)) {
    definition[name] = method(service, name)
    implementation[name] = ((
      call: grpc.ServerUnaryCall<Buffer, Buffer>,
      callback: grpc.sendUnaryData<Buffer>,
    ) => {
      try {
        callback(null, Buffer.from(handle(call.request)))
      } catch (error) {
        if (error instanceof InvalidRequestError) {
          callback({ code: grpc.status.INVALID_ARGUMENT, details: error.message })
          return
        }
        // A storage failure or a bug: never answer OK for it.
        logger.error({ err: error, rpc: `${service}/${name}` }, 'local HCS node failed to handle a request')
        callback({
          code: grpc.status.INTERNAL,
          details: errorMessage(error),
        })
      }
    }) as grpc.handleUnaryCall<Buffer, Buffer>
  }
  server.addService(definition as grpc.ServiceDefinition, implementation)
}

/** A request that is not even a protobuf message of the right type (gRPC INVALID_ARGUMENT). */
class InvalidRequestError extends Error {}
