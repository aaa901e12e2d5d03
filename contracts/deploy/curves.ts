/**
 * Bonding-curve values as `DatasetFactory.createDataset` takes them, and the demo curves: both start
 * "egregiously cheap" at 0.001 ether, so a new dataset gets its first buyers, and rise with every sale
 * that meets its threshold. Formulas and rounding: `src/libraries/BondingCurve.sol`.
 */
import { parseEther } from 'viem'

/** `price(n) = basePrice + step * n`. */
export const CURVE_LINEAR = 0
/** `price(n) = ceil(basePrice * (step / 1e18)^n)`. */
export const CURVE_EXPONENTIAL = 1

/** A curve in the contract's ABI shape `(uint8 kind, uint128 basePrice, uint128 step)`. */
export interface Curve {
  /** CURVE_LINEAR or CURVE_EXPONENTIAL. */
  kind: number
  /** Price of the first sale, in wei (> 0). */
  basePrice: bigint
  /** Linear: wei added per sale (> 0). Exponential: growth per sale in WAD, 1.0001e18 to 2e18. */
  step: bigint
}

/** Growth factor bounds of an exponential curve, in WAD (as `BondingCurve.sol`). */
export const MIN_GROWTH_WAD = 1_000_100_000_000_000_000n
export const MAX_GROWTH_WAD = 2_000_000_000_000_000_000n

/** 0.001 ether, then +0.0005 ether per met sale. */
export const demoLinearCurve: Curve = {
  kind: CURVE_LINEAR,
  basePrice: parseEther('0.001'),
  step: parseEther('0.0005'),
}

/** 0.001 ether, then +10% per met sale. */
export const demoExponentialCurve: Curve = {
  kind: CURVE_EXPONENTIAL,
  basePrice: parseEther('0.001'),
  step: parseEther('1.1'),
}
