import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { type Address, type Hex, type PublicClient, parseEventLogs, type WalletClient } from 'viem'

// Wallet-side calls for inference feeds (issue 12). Each is simulated first, so a revert (ModelNotSold,
// NotModelOwner, FeedAlreadyListed, FeedClosed, SlippageExceeded, NotFeedOwner, ZeroPrice…) arrives as
// the contract's custom error before the wallet asks for a signature.

/**
 * The owner of a sold model lists it: `DatasetFactory.createFeed(market, jobId, pricePerPrediction)`.
 * Resolves with the feed's address from the mined FeedCreated log.
 */
export async function createFeed(input: {
  walletClient: WalletClient
  publicClient: PublicClient
  factory: Address
  market: Address
  jobId: Hex
  pricePerPrediction: bigint
  onSent?: (hash: Hex) => void
}): Promise<{ hash: Hex; feed: Address }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.factory,
    abi: datasetFactoryAbi,
    functionName: 'createFeed',
    args: [input.market, input.jobId, input.pricePerPrediction],
  })
  const hash = await input.walletClient.writeContract(request)
  input.onSent?.(hash)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`The listing ${hash} was mined but reverted.`)
  const [created] = parseEventLogs({
    abi: datasetFactoryAbi,
    eventName: 'FeedCreated',
    logs: receipt.logs,
  }).filter((log) => log.address.toLowerCase() === input.factory.toLowerCase())
  if (!created) throw new Error(`The listing ${hash} was mined but emitted no FeedCreated event.`)
  return { hash, feed: created.args.feed }
}

/** What `count` predictions cost at the feed's current on-chain price (`priceOf`). */
export function readPriceOf(publicClient: PublicClient, feed: Address, count: number): Promise<bigint> {
  return publicClient.readContract({
    address: feed,
    abi: inferenceFeedAbi,
    functionName: 'priceOf',
    args: [count],
  })
}

/**
 * Pays for predictions: `requestPredictions(inputsHash, count, maxPrice)` with `value = maxPrice`; the
 * feed escrows count × its current price and returns the rest in the same transaction. Resolves with
 * the request id from the mined PredictionsRequested log (the only trustworthy source).
 */
export async function requestPredictions(input: {
  walletClient: WalletClient
  publicClient: PublicClient
  feed: Address
  inputsHash: Hex
  count: number
  maxPrice: bigint
  onSent?: (hash: Hex) => void
}): Promise<{ hash: Hex; requestId: Hex }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.feed,
    abi: inferenceFeedAbi,
    functionName: 'requestPredictions',
    args: [input.inputsHash, input.count, input.maxPrice],
    value: input.maxPrice,
  })
  const hash = await input.walletClient.writeContract(request)
  input.onSent?.(hash)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new Error(`The payment ${hash} was mined but reverted; nothing was paid.`)
  const [requested] = parseEventLogs({
    abi: inferenceFeedAbi,
    eventName: 'PredictionsRequested',
    logs: receipt.logs,
  }).filter((log) => log.address.toLowerCase() === input.feed.toLowerCase())
  if (!requested) throw new Error(`The payment ${hash} was mined but emitted no PredictionsRequested event.`)
  return { hash, requestId: requested.args.requestId }
}

type OwnerChangeInput = {
  walletClient: WalletClient
  publicClient: PublicClient
  feed: Address
  onSent?: (hash: Hex) => void
}

/**
 * Sends a simulated owner call (`send`), waits for it to be mined and checks the feed emitted `event`,
 * the one the backend's watcher reads to update its view of the feed.
 */
async function mineOwnerChange(
  input: OwnerChangeInput,
  send: () => Promise<Hex>,
  event: 'PriceUpdated' | 'AcceptingRequestsUpdated',
): Promise<{ hash: Hex }> {
  const hash = await send()
  input.onSent?.(hash)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new Error(`The change ${hash} was mined but reverted; nothing changed.`)
  const emitted = parseEventLogs({ abi: inferenceFeedAbi, eventName: event, logs: receipt.logs }).some(
    (log) => log.address.toLowerCase() === input.feed.toLowerCase(),
  )
  if (!emitted) throw new Error(`The change ${hash} was mined but emitted no ${event} event.`)
  return { hash }
}

/**
 * The owner sets the price of requests paid from now on: `InferenceFeed.setPrice(pricePerPrediction)`.
 * Simulated first, so NotFeedOwner or ZeroPrice arrive before the wallet asks for a signature.
 */
export async function setFeedPrice(
  input: OwnerChangeInput & { pricePerPrediction: bigint },
): Promise<{ hash: Hex }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.feed,
    abi: inferenceFeedAbi,
    functionName: 'setPrice',
    args: [input.pricePerPrediction],
  })
  return mineOwnerChange(input, () => input.walletClient.writeContract(request), 'PriceUpdated')
}

/** The owner pauses (false) or resumes (true) new requests: `InferenceFeed.setAcceptingRequests(bool)`. */
export async function setFeedAcceptingRequests(
  input: OwnerChangeInput & { acceptingRequests: boolean },
): Promise<{ hash: Hex }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.feed,
    abi: inferenceFeedAbi,
    functionName: 'setAcceptingRequests',
    args: [input.acceptingRequests],
  })
  return mineOwnerChange(input, () => input.walletClient.writeContract(request), 'AcceptingRequestsUpdated')
}
