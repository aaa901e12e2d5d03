/**
 * The markets' curve math against an independent computation: exact rational arithmetic in BigInt
 * (no fixed point, no square-and-multiply), checking that the contract never quotes below the exact
 * price, stays within its documented rounding excess, never decreases, and reverts exactly past its
 * documented bound.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { randomBigInt, seededRandom } from '@veritree/core/random'
import { network } from 'hardhat'
import { keccak256, toHex } from 'viem'
import {
  CURVE_EXPONENTIAL,
  CURVE_LINEAR,
  type Curve,
  demoExponentialCurve,
  demoLinearCurve,
  MAX_GROWTH_WAD,
  MIN_GROWTH_WAD,
} from '../deploy/curves.ts'
import { createMarket, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection

const WAD = 10n ** 18n
const MAX_PRICE = 2n ** 128n - 1n
const MAX_GROWTH_FACTOR = 10n ** 36n

/** What the contract may answer for one curve point. */
type Expected = { kind: 'price'; min: bigint; max: bigint } | { kind: 'overflow' } | { kind: 'either' }

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b
}

/**
 * Linear: exact. Exponential: the exact price is basePrice * step^n / WAD^n. Every WAD rounding in the
 * contract adds under 1e-18 of a value that is >= 1 (WAD), and squaring doubles the relative error
 * carried so far, so the factor may exceed the exact one by a relative (n + 2 * bitlength(n)) * 1e-18
 * (first order; the 1e-6 margin below covers higher orders for every n that does not overflow), plus
 * one wei of final rounding. Points within that margin of a bound may go either way.
 */
function expectedPrice(curve: Curve, n: bigint): Expected {
  if (curve.kind === CURVE_LINEAR) {
    const price = curve.basePrice + curve.step * n
    return price > MAX_PRICE ? { kind: 'overflow' } : { kind: 'price', min: price, max: price }
  }
  const roundings = n + 2n * BigInt(n.toString(2).length)
  const numerator = curve.basePrice * curve.step ** n
  const denominator = WAD ** n
  const exactCeil = ceilDiv(numerator, denominator)
  const slack = ceilDiv(exactCeil * roundings * 1_000_001n, WAD * 1_000_000n) + 1n
  const factorCeil = ceilDiv(curve.step ** n * WAD, denominator) // exact g^n in WAD, rounded up
  const factorSlack = ceilDiv(factorCeil * roundings * 1_000_001n, WAD * 1_000_000n) + 1n
  if (exactCeil > MAX_PRICE || factorCeil > MAX_GROWTH_FACTOR) return { kind: 'overflow' }
  if (exactCeil + slack > MAX_PRICE || factorCeil + factorSlack > MAX_GROWTH_FACTOR) return { kind: 'either' }
  return { kind: 'price', min: exactCeil, max: exactCeil + slack }
}

let datasets = 0

/**
 * A market with `curve`, on the fixture's factory. Restores the fixture's snapshot first, so markets
 * made by earlier calls are gone: use each market before making the next.
 */
async function marketWith(curve: Curve) {
  const f = await networkHelpers.loadFixture(veritreeFixture)
  datasets += 1
  return createMarket(
    connection,
    f.factory.address,
    f.vendor.account.address,
    keccak256(toHex(`curve ${datasets}`)),
    curve,
  )
}

type Market = Awaited<ReturnType<typeof marketWith>>

/** Compares priceAt(n) with the reference; returns the price (or null on overflow). */
async function checkPoint(market: Market, curve: Curve, n: bigint): Promise<bigint | null> {
  const expected = expectedPrice(curve, n)
  const context = `curve ${JSON.stringify(curve, (_, v) => (typeof v === 'bigint' ? v.toString() : v))} at n=${n}`
  if (expected.kind === 'overflow') {
    await viem.assertions.revertWithCustomErrorWithArgs(market.read.priceAt([n]), market, 'PriceOverflow', [
      n,
    ])
    return null
  }
  if (expected.kind === 'either') {
    return market.read.priceAt([n]).catch(() => null)
  }
  const price = await market.read.priceAt([n])
  assert.ok(price >= expected.min, `${context}: ${price} is below the exact price ${expected.min}`)
  assert.ok(price <= expected.max, `${context}: ${price} exceeds the rounding bound ${expected.max}`)
  return price
}

/** Walks n = 0..count-1, checking each point and that prices never decrease. */
async function checkWalk(curve: Curve, count: number, strictlyRising: boolean): Promise<void> {
  const market = await marketWith(curve)
  let previous = -1n
  for (let n = 0n; n < BigInt(count); n++) {
    const price = await checkPoint(market, curve, n)
    if (price === null) {
      previous = MAX_PRICE + 1n
      continue
    }
    assert.ok(previous <= MAX_PRICE, `price came back after overflowing at n=${n}`)
    if (strictlyRising) assert.ok(price > previous, `price did not rise at n=${n}: ${previous} -> ${price}`)
    else assert.ok(price >= previous, `price fell at n=${n}: ${previous} -> ${price}`)
    previous = price
  }
}

describe('BondingCurve', () => {
  it('linear: base + step * n exactly, across 300 sales of the demo curve', async () => {
    await checkWalk(demoLinearCurve, 300, true)
  })

  it('exponential: never below the exact price, within the rounding bound, across 300 sales of the demo curve', async () => {
    await checkWalk(demoExponentialCurve, 300, true)
  })

  it('exponential at the growth bounds and at 1 wei: monotone, exact-or-above, overflow past the bound', async () => {
    await checkWalk({ kind: CURVE_EXPONENTIAL, basePrice: 10n ** 15n, step: MAX_GROWTH_WAD }, 140, false)
    await checkWalk({ kind: CURVE_EXPONENTIAL, basePrice: 1n, step: MIN_GROWTH_WAD }, 120, false)
    await checkWalk({ kind: CURVE_EXPONENTIAL, basePrice: MAX_PRICE, step: MIN_GROWTH_WAD }, 3, false)
  })

  it('matches the reference on random curves and random sale counts (seeded property test)', async () => {
    const random = seededRandom(0x5eed)
    for (let c = 0; c < 12; c++) {
      const exponential = c % 2 === 1
      const curve: Curve = exponential
        ? {
            kind: CURVE_EXPONENTIAL,
            basePrice: randomBigInt(random, 1n, 10n ** BigInt(1 + Math.floor(random() * 30))),
            step: randomBigInt(random, MIN_GROWTH_WAD, MAX_GROWTH_WAD),
          }
        : {
            kind: CURVE_LINEAR,
            basePrice: randomBigInt(random, 1n, MAX_PRICE),
            step: randomBigInt(random, 1n, 10n ** BigInt(1 + Math.floor(random() * 36))),
          }
      const market = await marketWith(curve)
      const counts = [0n, 1n, 2n, 1000n]
      for (let i = 0; i < 10; i++) counts.push(randomBigInt(random, 0n, exponential ? 5_000n : 2n ** 64n))
      for (const n of counts) await checkPoint(market, curve, n)
    }
  })

  it('reverts with PriceOverflow at huge sale counts instead of wrapping or panicking', async () => {
    for (const curve of [demoLinearCurve, demoExponentialCurve]) {
      const market = await marketWith(curve)
      for (const n of [2n ** 128n, 2n ** 255n, 2n ** 256n - 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          market.read.priceAt([n]),
          market,
          'PriceOverflow',
          [n],
        )
      }
    }
  })

  it('price() is priceAt(sales)', async () => {
    const { market } = await networkHelpers.loadFixture(veritreeFixture)
    assert.equal(await market.read.price(), await market.read.priceAt([await market.read.sales()]))
  })
})
