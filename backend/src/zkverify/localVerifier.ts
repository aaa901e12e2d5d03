import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { zkVerifyStatement } from '@veritree/core/canonical'
import { errorMessage } from '@veritree/core/errors'
import { merkleProof } from '@veritree/core/zkverify'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { AggregationProof, Verifier, VerifyRequest } from '../attest/types.ts'
import type { AggregationIdStore } from './aggregationIdStore.ts'
import { createBatcher } from './batcher.ts'
import { ReceiptRejectedError, ZkVerifyError } from './errors.ts'
import { publishAggregation } from './publishAggregation.ts'
import { parseVerifyRequest } from './verifyRequest.ts'

/**
 * Checks a RISC Zero receipt against an image id and journal; rejects when it does not verify.
 * The prover wrapper's `verifyReceipt` (the host CLI) is the real one.
 */
export type ReceiptVerifier = (request: {
  receiptPath: string
  imageId: Hex
  journal: Hex
}) => Promise<unknown>

/** Parameters of {@link createLocalVerifier}. */
export type LocalVerifierOptions = {
  publicClient: PublicClient
  /** The operator account allowed to post roots to the aggregation contract. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  /** The local `ZkVerifyAggregation` contract. */
  aggregationAddress: Address
  domainId: bigint
  verifyReceipt: ReceiptVerifier
  /** An aggregation is published when `maxSize` statements wait, or the oldest has waited `maxWaitMs`. */
  batch: { maxSize: number; maxWaitMs: number }
  store: AggregationIdStore
  /** How long to wait for a publishing transaction's receipt (default 60 s). */
  receiptTimeoutMs?: number
}

/** A {@link Verifier} that also lets its owner publish what waits (at shutdown, or in tests). */
export type LocalVerifier = Verifier & {
  readonly mode: 'local'
  /** Publishes every waiting statement now and resolves when all started publications finished. */
  flush(): Promise<void>
  /** Statements verified and waiting for their aggregation. */
  readonly pending: number
}

/**
 * The local stand-in for zkVerify: verifies the receipt with the host CLI, computes the statement
 * exactly as zkVerify does, aggregates statements into a Keccak Merkle tree, and publishes the root to
 * the local `ZkVerifyAggregation` contract. Returns the same {@link AggregationProof} shape as zkVerify.
 *
 * A receipt that fails verification is rejected before its statement is queued, so it can never be part
 * of an aggregation. A failed publication rejects every request of that aggregation.
 *
 * @example
 * const verifier = createLocalVerifier({ publicClient, walletClient, aggregationAddress, domainId: 0n,
 *   verifyReceipt, batch: { maxSize: 8, maxWaitMs: 2_000 }, store: openSqliteAggregationIdStore(path) })
 * const proof = await verifier.verify({ receiptPath, imageId, journal })
 */
export function createLocalVerifier(options: LocalVerifierOptions): LocalVerifier {
  const { publicClient, walletClient, aggregationAddress, domainId, store, verifyReceipt } = options
  if (domainId < 0n) throw new Error(`domainId must be non-negative, got ${domainId}`)

  const batcher = createBatcher<Hex, AggregationProof>({
    maxSize: options.batch.maxSize,
    maxWaitMs: options.batch.maxWaitMs,
    run: async (statements) => {
      const published = await publishAggregation({
        publicClient,
        walletClient,
        aggregationAddress,
        domainId,
        store,
        statements,
        receiptTimeoutMs: options.receiptTimeoutMs,
      })
      return statements.map((statement, index) => {
        const proof = merkleProof(statements, index)
        return {
          statement,
          domainId,
          aggregationId: published.aggregationId,
          merklePath: proof.path,
          leafCount: BigInt(proof.leafCount),
          index: BigInt(index),
          root: published.root,
          aggregationContract: aggregationAddress,
          publishTxHash: published.txHash,
        }
      })
    },
  })

  return {
    mode: 'local',
    async verify(request: VerifyRequest, { signal, resume, onSubmitted } = {}) {
      const { receiptPath, imageId, journal } = parseVerifyRequest(request)
      const statement = zkVerifyStatement(imageId, journal)
      if (resume?.kind === 'local' && resume.statement.toLowerCase() === statement) {
        // Published by an earlier attempt: look its root up instead of aggregating the statement again.
        const posted = await publicClient.readContract({
          address: aggregationAddress,
          abi: zkVerifyAggregationAbi,
          functionName: 'proofsAggregations',
          args: [resume.proof.domainId, resume.proof.aggregationId],
        })
        if (posted.toLowerCase() === resume.proof.root.toLowerCase()) return resume.proof
      }
      try {
        await verifyReceipt({ receiptPath, imageId, journal })
      } catch (error) {
        throw new ReceiptRejectedError(receiptPath, { cause: error })
      }
      if (signal?.aborted)
        throw new ZkVerifyError('aborted', 'verification aborted', { cause: signal.reason })
      try {
        const proof = await batcher.add(statement, { signal })
        await onSubmitted?.({ kind: 'local', statement, proof })
        return proof
      } catch (error) {
        if (error instanceof ZkVerifyError) throw error
        if (signal?.aborted) throw new ZkVerifyError('aborted', 'verification aborted', { cause: error })
        throw new ZkVerifyError('publish', errorMessage(error), { cause: error })
      }
    },
    flush: () => batcher.flush(),
    get pending() {
      return batcher.pending
    },
  }
}
