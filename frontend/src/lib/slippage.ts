/** Basis points in one whole. */
const BPS = 10_000n

/**
 * The most the customer agrees to pay: the quoted price raised by `slippageBps`, rounded down (the
 * result is never below the quote, because `slippageBps` is not negative).
 *
 * @example
 * maxPriceWithSlippage(1000n, 100) // 1010n (1%)
 */
export function maxPriceWithSlippage(price: bigint, slippageBps: number): bigint {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps > 10_000) {
    throw new RangeError(`slippage must be a whole number of basis points in 0..10000, got ${slippageBps}`)
  }
  return (price * (BPS + BigInt(slippageBps))) / BPS
}
