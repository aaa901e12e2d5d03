import assert from 'node:assert/strict'
import { test } from 'node:test'
import { maxUint128 } from 'viem'
import { parsePricePerPrediction } from './feedPrice.ts'

test('a price in ETH becomes wei, exactly', () => {
  assert.deepEqual(parsePricePerPrediction('0.001'), { wei: 1_000_000_000_000_000n })
  assert.deepEqual(parsePricePerPrediction(' 2 '), { wei: 2_000_000_000_000_000_000n })
  assert.deepEqual(parsePricePerPrediction('.5'), { wei: 500_000_000_000_000_000n })
  assert.deepEqual(parsePricePerPrediction('0.000000000000000001'), { wei: 1n })
})

test('empty, zero, negative, non-numeric, too precise or too large prices are refused with a reason', () => {
  for (const [text, reason] of [
    ['', /Enter a price/],
    ['0', /more than 0/],
    ['0.000', /more than 0/],
    ['-1', /not a price/],
    ['1e-3', /not a price/],
    ['abc', /not a price/],
    ['.', /not a price/],
    ['1,5', /not a price/],
    ['0.0000000000000000001', /18 decimals/],
    [`${maxUint128}`, /too large/],
  ] as const) {
    const parsed = parsePricePerPrediction(text)
    assert.ok('error' in parsed, `${text} should be refused`)
    assert.match(parsed.error, reason)
  }
})
