import { BaseError, ContractFunctionRevertedError } from 'viem'
import { parsePricePerPrediction } from './feedPrice.ts'
import { formatWei } from './format.ts'
import { describeWalletError } from './walletErrors.ts'

/** A change the owner makes: a new price, or pausing/resuming new requests. */
export type OwnerChange = { price: bigint } | { acceptingRequests: boolean }

/** True once the server's view of the feed shows the change (its watcher has read the event). */
export function feedShowsChange(
  feed: { pricePerPrediction: string; acceptingRequests: boolean },
  change: OwnerChange,
): boolean {
  return 'price' in change
    ? feed.pricePerPrediction === change.price.toString()
    : feed.acceptingRequests === change.acceptingRequests
}

/** True when the connected account is the feed's owner (addresses compare case-insensitively). */
export function isFeedOwner(feed: { owner: string }, account: string | null | undefined): boolean {
  return !!account && account.toLowerCase() === feed.owner.toLowerCase()
}

/**
 * Reads a new price per prediction the owner types, in ETH, by the listing rules (positive, at most
 * 18 decimals, fits uint128). The price the feed already has is `unchanged`, not an error: nothing to
 * send (a transaction that changes nothing would only cost gas).
 *
 * @example
 * parseNewPrice('0.002', '1000000000000000') // { wei: 2000000000000000n }
 * parseNewPrice('0.001', '1000000000000000') // { unchanged: true }
 * parseNewPrice('0', '1000000000000000') // { error: 'The price must be more than 0.' }
 */
export function parseNewPrice(
  text: string,
  currentWei: string,
): { wei: bigint } | { unchanged: true } | { error: string } {
  const parsed = parsePricePerPrediction(text)
  if ('error' in parsed) return parsed
  if (parsed.wei === BigInt(currentWei)) return { unchanged: true }
  return parsed
}

/**
 * One sentence for a failed owner action: the feed's own refusals said in words (another wallet than
 * the owner's, a zero price), else the wallet's (a rejection, missing funds, any other revert).
 */
export function describeFeedOwnerError(cause: unknown): string {
  if (cause instanceof BaseError) {
    const revert = cause.walk((e) => e instanceof ContractFunctionRevertedError)
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName
      const args = (revert.data?.args ?? []) as readonly unknown[]
      if (name === 'NotFeedOwner')
        return `Only the feed's owner (${String(args[1])}) can change it; your wallet is ${String(args[0])}.`
      if (name === 'ZeroPrice') return 'The price must be more than 0.'
    }
  }
  return describeWalletError(cause)
}

/** What the owner's change will do, said before they sign. */
export function describePriceChange(currentWei: string, nextWei: bigint): string {
  const direction = nextWei > BigInt(currentWei) ? 'raises' : 'lowers'
  return `This ${direction} the price from ${formatWei(currentWei)} to ${formatWei(nextWei)} per prediction for requests paid from now on; requests already paid keep their price.`
}
