import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maxPriceWithSlippage } from './slippage.ts'

test('maxPriceWithSlippage raises the price by the slippage and never goes below it', () => {
  assert.equal(maxPriceWithSlippage(1000n, 100), 1010n)
  assert.equal(maxPriceWithSlippage(1n, 50), 1n)
  assert.equal(maxPriceWithSlippage(10n ** 18n, 0), 10n ** 18n)
  assert.throws(() => maxPriceWithSlippage(1n, -1), RangeError)
  assert.throws(() => maxPriceWithSlippage(1n, 0.5), RangeError)
})
