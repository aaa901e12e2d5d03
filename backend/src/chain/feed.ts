import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import type { Address, PublicClient } from 'viem'

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
