/**
 * `@veritree/contracts/curve` against the contract: the TypeScript price equals `priceAt` on-chain at
 * many points of the demo curves, of extreme curves and of seeded random curves, including exactly
 * where the contract starts reverting PriceOverflow (where the TS function returns null).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seededRandom } from '@veritree/core/random'
import { network } from 'hardhat'
import { keccak256, toHex } from 'viem'
import { demoExponentialCurve, demoLinearCurve } from '../deploy/curves.ts'
import {
  CURVE_EXPONENTIAL,
  CURVE_LINEAR,
  type Curve,
  curvePriceAt,
  MAX_GROWTH_WAD,
  MAX_PRICE,
  MIN_GROWTH_WAD,
} from '../src-ts/curve.ts'
import { createMarket, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

let marketCounter = 0

/** The on-chain price, or null where the contract reverts PriceOverflow. */
async function onChainPrice(
  market: Awaited<ReturnType<typeof createMarket>>,
  sales: bigint,
): Promise<bigint | null> {
  try {
    return await market.read.priceAt([sales])
  } catch (error) {
    if (String(error).includes('PriceOverflow')) return null
    throw error
  }
}

describe('@veritree/contracts/curve', () => {
  it('matches priceAt on-chain for demo, extreme and seeded random curves, up to and past the bound', async () => {
    const f = await load()
    const random = seededRandom(0x5eed)
    const curves: Curve[] = [
      demoLinearCurve,
      demoExponentialCurve,
      { kind: CURVE_LINEAR, basePrice: 1n, step: 1n },
      { kind: CURVE_LINEAR, basePrice: MAX_PRICE - 10n, step: 3n },
      { kind: CURVE_EXPONENTIAL, basePrice: 1n, step: MIN_GROWTH_WAD },
      { kind: CURVE_EXPONENTIAL, basePrice: 1n, step: MAX_GROWTH_WAD },
      { kind: CURVE_EXPONENTIAL, basePrice: MAX_PRICE / 2n, step: MAX_GROWTH_WAD },
    ]
    for (let i = 0; i < 8; i++) {
      const kind = random() < 0.5 ? CURVE_LINEAR : CURVE_EXPONENTIAL
      const basePrice = 1n + BigInt(Math.floor(random() * 1e15))
      const step =
        kind === CURVE_LINEAR
          ? 1n + BigInt(Math.floor(random() * 1e15))
          : MIN_GROWTH_WAD + BigInt(Math.floor(random() * Number(MAX_GROWTH_WAD - MIN_GROWTH_WAD)))
      curves.push({ kind, basePrice, step })
    }
    let compared = 0
    let overflowSeen = 0
    for (const curve of curves) {
      marketCounter += 1
      const market = await createMarket(
        connection,
        f.factory.address,
        f.vendor.account.address,
        keccak256(toHex(`curve test ${marketCounter}`)),
        curve,
      )
      const points = new Set<bigint>([0n, 1n, 2n, 3n, 7n, 10n, 100n, 1_000n, 10_000n, 2n ** 64n, 2n ** 128n])
      for (let i = 0; i < 20; i++) points.add(BigInt(Math.floor(random() * 2_000)))
      // Where an exponential curve ends: find the first overflowing n by bisection, then test both sides.
      if (curve.kind === CURVE_EXPONENTIAL) {
        let lo = 0n
        let hi = 1n << 20n
        while (hi - lo > 1n) {
          const mid = (lo + hi) / 2n
          if (curvePriceAt(curve, mid) === null) hi = mid
          else lo = mid
        }
        points.add(lo)
        points.add(hi)
      }
      for (const n of points) {
        const expected = await onChainPrice(market, n)
        assert.equal(
          curvePriceAt(curve, n),
          expected,
          `curve ${JSON.stringify(curve, (_, v) => (typeof v === 'bigint' ? v.toString() : v))} at ${n}`,
        )
        compared += 1
        if (expected === null) overflowSeen += 1
      }
    }
    assert.ok(compared > 400, `compared ${compared} points`)
    assert.ok(overflowSeen > 10, 'the bound itself was compared')
  })

  it('refuses an unknown kind and negative sales', () => {
    assert.throws(() => curvePriceAt({ kind: 2, basePrice: 1n, step: 1n }, 0), /unknown curve kind 2/)
    assert.throws(() => curvePriceAt(demoLinearCurve, -1), /sales must be >= 0/)
  })
})
