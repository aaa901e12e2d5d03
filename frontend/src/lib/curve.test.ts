import assert from 'node:assert/strict'
import { test } from 'node:test'
import { curveFromForm, describeCurve, EXPONENTIAL, LINEAR, priceAt, sampleCurve } from './curve.ts'

const WAD = 10n ** 18n

test('linear curve: base + step * n, exactly', () => {
  const curve = { kind: LINEAR, basePrice: 10n, step: 5n } as const
  assert.deepEqual(sampleCurve(curve, 4), [
    { sales: 0, price: 10n },
    { sales: 1, price: 15n },
    { sales: 2, price: 20n },
    { sales: 3, price: 25n },
  ])
})

test('exponential curve rounds up, never below the real-number price', () => {
  const curve = { kind: EXPONENTIAL, basePrice: 3n, step: (3n * WAD) / 2n } as const
  // 3 * 1.5^n = 3, 4.5, 6.75, 10.125 -> ceil: 3, 5, 7, 11
  assert.deepEqual(
    sampleCurve(curve, 4).map((p) => p.price),
    [3n, 5n, 7n, 11n],
  )
  // Doubling 60 times stays exact.
  assert.equal(priceAt({ kind: EXPONENTIAL, basePrice: 1n, step: 2n * WAD }, 59), 2n ** 59n)
})

test('exponential curve ends where the contract reverts (growth factor above 1e18)', () => {
  const curve = { kind: EXPONENTIAL, basePrice: 1n, step: 2n * WAD } as const
  assert.equal(priceAt(curve, 59), 576460752303423488n)
  assert.equal(priceAt(curve, 60), null) // 2^60 > 1e18
  assert.equal(sampleCurve(curve, 100).length, 60)
})

test('curveFromForm converts and validates with the contract rules', () => {
  assert.deepEqual(curveFromForm({ kind: 'exponential', basePriceEth: '0.0001', step: '5' }), {
    curve: { kind: EXPONENTIAL, basePrice: 10n ** 14n, step: 105n * 10n ** 16n },
  })
  assert.deepEqual(curveFromForm({ kind: 'linear', basePriceEth: '1', step: '0.5' }), {
    curve: { kind: LINEAR, basePrice: WAD, step: WAD / 2n },
  })
  const errors = [
    { kind: 'linear', basePriceEth: '0', step: '1' },
    { kind: 'linear', basePriceEth: 'x', step: '1' },
    { kind: 'linear', basePriceEth: '1', step: '0' },
    { kind: 'exponential', basePriceEth: '1', step: '0.001' },
    { kind: 'exponential', basePriceEth: '1', step: '101' },
    { kind: 'exponential', basePriceEth: '1', step: '-5' },
  ] as const
  for (const form of errors) assert.ok('error' in curveFromForm(form), JSON.stringify(form))
})

test('describeCurve says the step in words', () => {
  assert.equal(describeCurve({ kind: 'exponential', step: 105n * 10n ** 16n }, String), '+5% per sale')
  assert.equal(
    describeCurve({ kind: 'linear', step: '7' }, (w) => `${w} wei`),
    '+7 wei per sale',
  )
})
