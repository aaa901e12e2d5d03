import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  encodeTrainingParams,
  formatGainThreshold,
  gainThresholdFraction,
  gainThresholdPpm,
  TrainingParamsSchema,
  trainingParamsHash,
} from './params.ts'

describe('training parameters', () => {
  it('converts decimal text to ppm digit by digit, where floats would round', () => {
    // 0.000249 × 1e6 is 248.99999999999997 in binary floating point.
    assert.notEqual(0.000249 * 1e6, 249)
    assert.equal(gainThresholdPpm('0.000249'), 249)
    assert.equal(gainThresholdPpm(0.000249), 249)
    assert.equal(gainThresholdPpm(' 0.5 '), 500_000)
  })

  it('formats ppm back to the shortest decimal, exactly', () => {
    for (const ppm of [0, 1, 10, 10_000, 290_000, 999_999, 1_000_000])
      assert.equal(gainThresholdPpm(formatGainThreshold(ppm)), ppm)
    assert.equal(formatGainThreshold(10_000), '0.01')
    assert.equal(formatGainThreshold(1_000_000), '1')
    assert.throws(() => formatGainThreshold(1_000_001), /PARAMS_RANGE/)
  })

  it('rejects bad gain thresholds with the exact messages users see', () => {
    const message = (text: string) => {
      try {
        gainThresholdPpm(text)
      } catch (error) {
        return (error as Error).message
      }
      return assert.fail(`${text} accepted`)
    }
    assert.equal(
      message('0.0000001'),
      'GAIN_THRESHOLD: gainThreshold "0.0000001" has more than 6 decimals (it is kept in millionths)',
    )
    assert.equal(message('1.5'), 'GAIN_THRESHOLD: gainThreshold "1.5" is outside [0, 1]')
    assert.equal(message('-0.1'), 'GAIN_THRESHOLD: gainThreshold "-0.1" is outside [0, 1]')
    assert.equal(message('1e-3'), 'GAIN_THRESHOLD: gainThreshold "1e-3" is not a decimal number')
  })

  it('the query schema yields TrainingParams in ppm and names the field on failure', () => {
    assert.deepEqual(TrainingParamsSchema.parse({ maxDepth: '4', minLeafSize: '5', gainThreshold: '0.25' }), {
      maxDepth: 4,
      minLeafSize: 5,
      gainThresholdPpm: 250_000,
    })
    const bad = TrainingParamsSchema.safeParse({ gainThreshold: '0.1234567' })
    assert.equal(bad.success, false)
    assert.deepEqual(
      bad.error?.issues.map((i) => [i.path.join('.'), i.message]),
      [['gainThreshold', '"0.1234567" has more than 6 decimals (it is kept in millionths)']],
    )
  })

  it('encodes 11 little-endian bytes and hashes them; a changed field changes paramsHash', () => {
    const p = { maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }
    assert.deepEqual([...encodeTrainingParams(p)], [1, 6, 0, 5, 0, 0, 0, 0x10, 0x27, 0, 0])
    assert.notEqual(trainingParamsHash(p), trainingParamsHash({ ...p, gainThresholdPpm: 10_001 }))
    assert.throws(() => encodeTrainingParams({ ...p, maxDepth: 1.5 }), /PARAMS_RANGE: maxDepth is 1.5/)
    assert.equal(gainThresholdFraction(p), 0.01)
  })
})
