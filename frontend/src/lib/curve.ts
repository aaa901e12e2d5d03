import {
  CURVE_EXPONENTIAL,
  CURVE_LINEAR,
  curvePriceAt,
  MAX_GROWTH_WAD,
  MAX_PRICE,
  MIN_GROWTH_WAD,
  WAD,
} from '@veritree/contracts/curve'
import { parseEther } from 'viem'

// The bonding curve as the factory takes it. The price formula is the contracts package's own
// (`@veritree/contracts/curve`, tested against the market's `priceAt` on-chain), so the vendor sees the
// real prices of a curve before creating its market.

export const LINEAR = CURVE_LINEAR
export const EXPONENTIAL = CURVE_EXPONENTIAL

/** `(kind, basePrice, step)` with big integers, ready for viem. */
export type CurveParams = { kind: 0 | 1; basePrice: bigint; step: bigint }

/** A point of a curve: the price of the sale after `sales` earlier sales. */
export type PricePoint = { sales: number; price: bigint }

/** Price of the next sale after `sales` sales, or null past the curve's bound (where the contract reverts). */
export const priceAt = (curve: CurveParams, sales: number): bigint | null => curvePriceAt(curve, sales)

/** Prices for sales 0..count-1 (stopping early where the curve ends). */
export function sampleCurve(curve: CurveParams, count: number): PricePoint[] {
  const points: PricePoint[] = []
  for (let sales = 0; sales < count; sales++) {
    const price = priceAt(curve, sales)
    if (price === null) break
    points.push({ sales, price })
  }
  return points
}

/** What the vendor types: a kind, a first price in ETH and a step (ETH per sale, or % growth per sale). */
export type CurveForm = { kind: 'linear' | 'exponential'; basePriceEth: string; step: string }

/**
 * Validates the vendor's curve form with the contract's own rules and converts it to {@link CurveParams},
 * or returns the first problem in words.
 *
 * @example
 * curveFromForm({ kind: 'exponential', basePriceEth: '0.0001', step: '5' })
 * // { curve: { kind: 1, basePrice: 100000000000000n, step: 1050000000000000000n } }
 */
export function curveFromForm(form: CurveForm): { curve: CurveParams } | { error: string } {
  const basePrice = parseDecimal(form.basePriceEth, 18)
  if (basePrice === null) return { error: 'First price: enter an amount in ETH, such as 0.0001.' }
  if (basePrice <= 0n)
    return { error: 'First price: it must be more than zero, so every sale escrows something.' }
  if (basePrice > MAX_PRICE) return { error: 'First price: this is beyond what the contract can hold.' }
  if (form.kind === 'linear') {
    const step = parseDecimal(form.step, 18)
    if (step === null) return { error: 'Step: enter the ETH added per sale, such as 0.00001.' }
    if (step <= 0n) return { error: 'Step: a linear curve must rise, so the step must be more than zero.' }
    if (step > MAX_PRICE) return { error: 'Step: this is beyond what the contract can hold.' }
    return { curve: { kind: LINEAR, basePrice, step } }
  }
  // Percent with up to 16 decimals maps exactly onto WAD (1% = 1e16).
  const percent = parseDecimal(form.step, 16)
  if (percent === null) return { error: 'Growth: enter the percentage added per sale, such as 5.' }
  const step = WAD + percent
  if (step < MIN_GROWTH_WAD || step > MAX_GROWTH_WAD) {
    return { error: 'Growth: the contract accepts 0.01% to 100% per sale.' }
  }
  return { curve: { kind: EXPONENTIAL, basePrice, step } }
}

/** Parses a non-negative decimal into an integer scaled by 10^decimals, or null if malformed. */
function parseDecimal(text: string, decimals: number): bigint | null {
  const trimmed = text.trim()
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null
  const fraction = trimmed.split('.')[1] ?? ''
  if (fraction.length > decimals) return null
  return decimals === 18
    ? parseEther(trimmed)
    : BigInt(trimmed.replace('.', '')) * 10n ** BigInt(decimals - fraction.length)
}

/** Describes a curve in words, e.g. "+5% per sale" or "+0.00001 ETH per sale". */
export function describeCurve(
  curve: { kind: 'linear' | 'exponential'; step: bigint | string },
  formatWei: (wei: bigint) => string,
): string {
  const step = BigInt(curve.step)
  if (curve.kind === 'linear') return `+${formatWei(step)} per sale`
  const percent = Number(((step - WAD) * 1_000_000n) / WAD) / 10_000
  return `+${percent}% per sale`
}
