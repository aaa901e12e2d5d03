/**
 * The bonding-curve price, in TypeScript, bit for bit as `src/libraries/BondingCurve.sol` computes it
 * (same constants, same rounding up in the market's favour, same bound), so a client can show the
 * prices of a curve without asking the chain. Browser-safe: plain bigint, no imports.
 * `test/curve.test.ts` checks it against the contract's `priceAt` at many points.
 */

/** `price(n) = basePrice + step * n`. */
export const CURVE_LINEAR = 0
/** `price(n) = ceil(basePrice * (step / 1e18)^n)`. */
export const CURVE_EXPONENTIAL = 1

/** 1.0 in the contract's fixed point. */
export const WAD = 10n ** 18n
/** Smallest growth per sale of an exponential curve, in WAD: +0.01%. */
export const MIN_GROWTH_WAD = 1_000_100_000_000_000_000n
/** Largest growth per sale of an exponential curve, in WAD: x2. */
export const MAX_GROWTH_WAD = 2_000_000_000_000_000_000n
/** The growth factor g^n may rise at most 1e18-fold (WAD-scaled: 1e36). */
export const MAX_GROWTH_FACTOR = 10n ** 36n
/** A price must fit in a uint128. */
export const MAX_PRICE = (1n << 128n) - 1n

/** A curve in the contract's ABI shape `(uint8 kind, uint128 basePrice, uint128 step)`. */
export interface Curve {
  /** CURVE_LINEAR or CURVE_EXPONENTIAL. */
  kind: number
  /** Price of the first sale, in wei (> 0). */
  basePrice: bigint
  /** Linear: wei added per sale (> 0). Exponential: growth per sale in WAD, 1.0001e18 to 2e18. */
  step: bigint
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b

/**
 * The price of the next sale after `sales` met sales, or null past the curve's bound (where the
 * contract's `price`/`priceAt` revert `PriceOverflow`). Assumes a curve the contract accepts.
 * @example
 * curvePriceAt({ kind: CURVE_LINEAR, basePrice: 10n, step: 5n }, 3n) // 25n
 */
export function curvePriceAt(curve: Curve, sales: bigint | number): bigint | null {
  const n = BigInt(sales)
  if (n < 0n) throw new RangeError(`curvePriceAt: sales must be >= 0, got ${n}`)
  let price: bigint
  if (curve.kind === CURVE_LINEAR) {
    price = curve.basePrice + curve.step * n
  } else if (curve.kind === CURVE_EXPONENTIAL) {
    const factor = powWadUp(curve.step, n)
    if (factor === null) return null
    price = ceilDiv(curve.basePrice * factor, WAD)
  } else {
    throw new RangeError(`curvePriceAt: unknown curve kind ${curve.kind}`)
  }
  return price > MAX_PRICE ? null : price
}

/**
 * growth^n in WAD by square-and-multiply, every product rounded up, stopping (null) as soon as a
 * factor passes MAX_GROWTH_FACTOR, exactly where the contract stops.
 */
function powWadUp(growthWad: bigint, n: bigint): bigint | null {
  let result = WAD
  let square = growthWad
  let rest = n
  for (;;) {
    if (rest & 1n) {
      result = ceilDiv(result * square, WAD)
      if (result > MAX_GROWTH_FACTOR) return null
    }
    rest >>= 1n
    if (rest === 0n) return result
    square = ceilDiv(square * square, WAD)
    if (square > MAX_GROWTH_FACTOR) return null
  }
}
