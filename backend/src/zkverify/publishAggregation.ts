import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { errorMessage } from '@veritree/core/errors'
import { merkleRoot } from '@veritree/core/zkverify'
import type { Account, Address, Chain, Hash, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { AggregationIdStore } from './aggregationIdStore.ts'
import { ZkVerifyError } from './errors.ts'

/** Parameters of {@link publishAggregation}. */
export type PublishAggregationParameters = {
  publicClient: PublicClient
  /** The operator: holds the contract's OPERATOR role. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  aggregationAddress: Address
  domainId: bigint
  store: AggregationIdStore
  /** Statements in aggregation order. */
  statements: readonly Hex[]
  /** How long to wait for the publishing transaction's receipt. */
  receiptTimeoutMs?: number
}

export type PublishedAggregation = { aggregationId: bigint; root: Hex; txHash: Hash }

/** Bound on skipping ids that are already taken on-chain (a fresh id store against an old chain). */
const MAX_TAKEN_IDS_SKIPPED = 1000

/**
 * Posts the Merkle root of `statements` as a new aggregation of `domainId` with `submitAggregation`,
 * and waits until the transaction succeeded.
 *
 * Ids come from `store`; an id that already holds a root on-chain is skipped, never overwritten.
 * @throws {ZkVerifyError} step `publish`, naming the aggregation id when one was reserved.
 */
export async function publishAggregation(
  parameters: PublishAggregationParameters,
): Promise<PublishedAggregation> {
  const { publicClient, walletClient, aggregationAddress, domainId, store, statements } = parameters
  const root = merkleRoot(statements)
  let aggregationId: bigint | undefined
  try {
    for (let skipped = 0; aggregationId === undefined; skipped++) {
      if (skipped > MAX_TAKEN_IDS_SKIPPED) {
        throw new Error(`more than ${MAX_TAKEN_IDS_SKIPPED} reserved ids are already taken on-chain`)
      }
      const candidate = await store.reserveAggregationId(domainId)
      const posted = await publicClient.readContract({
        address: aggregationAddress,
        abi: zkVerifyAggregationAbi,
        functionName: 'proofsAggregations',
        args: [domainId, candidate],
      })
      if (BigInt(posted) === 0n) aggregationId = candidate
    }
    const txHash = await walletClient.writeContract({
      address: aggregationAddress,
      abi: zkVerifyAggregationAbi,
      functionName: 'submitAggregation',
      args: [domainId, aggregationId, root],
      account: walletClient.account,
      chain: walletClient.chain,
    })
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: txHash,
      timeout: parameters.receiptTimeoutMs ?? 60_000,
    })
    if (receipt.status !== 'success') throw new Error(`transaction ${txHash} reverted`)
    return { aggregationId, root, txHash }
  } catch (error) {
    const which = aggregationId === undefined ? '' : ` ${aggregationId}`
    throw new ZkVerifyError(
      'publish',
      `could not publish aggregation${which} of domain ${domainId} to ${aggregationAddress}: ${errorMessage(error)}`,
      { cause: error },
    )
  }
}
