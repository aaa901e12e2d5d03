import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import type { Address, Hex, PublicClient } from 'viem'

/** Parameters of {@link waitForSettlementRoot}. */
export type WaitForSettlementRootParameters = {
  publicClient: PublicClient
  aggregationContract: Address
  domainId: bigint
  aggregationId: bigint
  root: Hex
  /** Default 1 hour: zkVerify's relayer posts aggregations to the settlement chain in its own time. */
  timeoutMs?: number
  pollIntervalMs?: number
  signal?: AbortSignal
}

/**
 * Polls `proofsAggregations(domainId, aggregationId)` on the settlement chain until it holds `root`.
 * @throws when a different root is posted there, or on timeout or abort.
 */
export async function waitForSettlementRoot(parameters: WaitForSettlementRootParameters): Promise<void> {
  const { publicClient, aggregationContract, domainId, aggregationId, root, signal } = parameters
  const deadline = Date.now() + (parameters.timeoutMs ?? 3_600_000)
  const pollIntervalMs = parameters.pollIntervalMs ?? 15_000
  for (;;) {
    signal?.throwIfAborted()
    const posted = await publicClient.readContract({
      address: aggregationContract,
      abi: zkVerifyAggregationAbi,
      functionName: 'proofsAggregations',
      args: [domainId, aggregationId],
    })
    if (posted.toLowerCase() === root.toLowerCase()) return
    if (BigInt(posted) !== 0n) {
      throw new Error(
        `aggregation ${aggregationId} of domain ${domainId} holds root ${posted} on-chain, expected ${root}`,
      )
    }
    if (Date.now() + pollIntervalMs > deadline) {
      throw new Error(
        `root of aggregation ${aggregationId} (domain ${domainId}) did not appear at ${aggregationContract} in time`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
  }
}
