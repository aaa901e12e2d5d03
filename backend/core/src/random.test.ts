import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { randomBigInt, seededRandom } from './random.ts'

describe('seededRandom (mulberry32)', () => {
  it('is pinned: the same seed gives the same stream on every run and machine', () => {
    const random = seededRandom(42)
    assert.deepEqual(
      [random(), random(), random()],
      [0.6011037519201636, 0.44829055899754167, 0.8524657934904099],
    )
  })

  it('draws bigints inside the closed range', () => {
    const random = seededRandom(7)
    for (let i = 0; i < 200; i++) {
      const v = randomBigInt(random, -5n, 5n)
      assert.ok(v >= -5n && v <= 5n, String(v))
    }
    assert.equal(randomBigInt(random, 3n, 3n), 3n)
  })
})
