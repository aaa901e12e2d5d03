import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { MARKET_JOB_STATUS, type MarketJobStatus } from '@veritree/core/api'
import type { Address, Hex, PublicClient } from 'viem'

/** What an InferenceFeed says about itself right now. */
export type FeedState = { pricePerPrediction: bigint; acceptingRequests: boolean }

/** Reads a feed's current price and whether it takes new requests. */
export async function readFeed(client: PublicClient, feed: Address): Promise<FeedState> {
  const [pricePerPrediction, acceptingRequests] = await Promise.all([
    client.readContract({ address: feed, abi: inferenceFeedAbi, functionName: 'pricePerPrediction' }),
    client.readContract({ address: feed, abi: inferenceFeedAbi, functionName: 'acceptingRequests' }),
  ])
  return { pricePerPrediction, acceptingRequests }
}

/** A request as the feed's escrow stores it (status None when unknown). */
export type ChainFeedRequest = {
  status: MarketJobStatus
  customer: Address
  count: number
  price: bigint
  deadline: bigint
  inputsHash: Hex
  verifierId: number
}

/** Reads `InferenceFeed.getRequest`. */
export async function readFeedRequest(
  client: PublicClient,
  feed: Address,
  requestId: Hex,
): Promise<ChainFeedRequest> {
  const r = await client.readContract({
    address: feed,
    abi: inferenceFeedAbi,
    functionName: 'getRequest',
    args: [requestId],
  })
  const status = MARKET_JOB_STATUS[Number(r.status)]
  if (!status) throw new Error(`feed ${feed} returned an unknown request status ${r.status}`)
  return {
    status,
    customer: r.customer,
    count: Number(r.count),
    price: BigInt(r.price),
    deadline: BigInt(r.deadline),
    inputsHash: r.inputsHash,
    verifierId: Number(r.verifierId),
  }
}
