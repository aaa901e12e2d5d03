import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatBps, formatDuration, formatRatio, formatWei, parsePercentToBps, shortHex } from './format.ts'

test('formatWei picks a unit that never shows a non-zero price as zero', () => {
  assert.equal(formatWei('0'), '0 ETH')
  assert.equal(formatWei(1n), '1 wei')
  assert.equal(formatWei(999_999n), '999,999 wei')
  assert.equal(formatWei(2_500_000_000n), '2.5 gwei')
  assert.equal(formatWei('1500000000000000000'), '1.5 ETH')
  assert.equal(formatWei(10n ** 14n), '0.0001 ETH')
  assert.equal(formatWei(123_456_789_000_000n), '0.0001234 ETH')
  assert.equal(formatWei(null), '—')
})

test('formatBps and formatRatio keep at most two decimals', () => {
  assert.equal(formatBps(8500), '85%')
  assert.equal(formatBps(8525), '85.25%')
  assert.equal(formatRatio(14, 15), '93.33%')
  assert.equal(formatRatio(0, 0), '—')
})

test('parsePercentToBps accepts percentages and refuses anything else with a message', () => {
  assert.deepEqual(parsePercentToBps('85'), { bps: 8500 })
  assert.deepEqual(parsePercentToBps(' 92.5 % '), { bps: 9250 })
  assert.deepEqual(parsePercentToBps('100'), { bps: 10000 })
  assert.deepEqual(parsePercentToBps('0.01'), { bps: 1 })
  for (const bad of ['', 'abc', '-5', '85.123', '1e2']) assert.ok('error' in parsePercentToBps(bad), bad)
  assert.deepEqual(parsePercentToBps('100.01'), { error: 'A percentage cannot be above 100.' })
})

test('shortHex shortens long hex and leaves short hex alone', () => {
  assert.equal(shortHex('0x1234567890abcdef1234'), '0x1234…1234')
  assert.equal(shortHex('0x1234'), '0x1234')
  assert.equal(shortHex(null), '—')
})

test('formatDuration rounds estimates to seconds, minutes or hours', () => {
  assert.equal(formatDuration(0), '1 s')
  assert.equal(formatDuration(45), '45 s')
  assert.equal(formatDuration(263), '4 min')
  assert.equal(formatDuration(600), '10 min')
  assert.equal(formatDuration(3600 * 2), '2 h')
  assert.equal(formatDuration(4800 + 1200), '1 h 40 min')
})
