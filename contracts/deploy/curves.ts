/**
 * Bonding-curve values as `DatasetFactory.createDataset` takes them, and the demo curves: both start
 * "egregiously cheap" at 0.001 ether, so a new dataset gets its first buyers, and rise with every sale
 * that meets its threshold. Formulas and rounding: `src/libraries/BondingCurve.sol`, in TypeScript `src-ts/curve.ts`.
 */
import { parseEther } from 'viem'
import { CURVE_EXPONENTIAL, CURVE_LINEAR, type Curve } from '../src-ts/curve.ts'

export {
  CURVE_EXPONENTIAL,
  CURVE_LINEAR,
  type Curve,
  MAX_GROWTH_WAD,
  MIN_GROWTH_WAD,
} from '../src-ts/curve.ts'

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
