import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { thresholdMet } from '../canonical/index.ts'
import {
  ACCURACY_BUCKET_BPS,
  accuracyBucket,
  isPreviewThreshold,
  MAX_PREVIEW_THRESHOLD_BPS,
  PREVIEW_MIN_TEST_ROWS,
} from './previewRules.ts'

const thresholds = Array.from({ length: 19 }, (_, i) => (i + 1) * 500)

describe('preview rules', () => {
  it('buckets accuracy in 5-point steps, the top bucket holding 100 %', () => {
    assert.deepEqual(accuracyBucket(0, 50), { lowBps: 0, highBps: 500 })
    assert.deepEqual(accuracyBucket(47, 50), { lowBps: 9000, highBps: 9500 })
    assert.deepEqual(accuracyBucket(48, 50), { lowBps: 9500, highBps: 10_000 })
    assert.deepEqual(accuracyBucket(50, 50), { lowBps: 9500, highBps: 10_000 })
    // 2/3 = 66.67 % sits in [65, 70): integer arithmetic, no float rounding up into the next bucket.
    assert.deepEqual(accuracyBucket(2, 3), { lowBps: 6500, highBps: 7000 })
    assert.throws(() => accuracyBucket(3, 2), RangeError)
    assert.throws(() => accuracyBucket(1, 0), RangeError)
  })

  it('accepts only 5 % steps from 5 % to 95 %', () => {
    assert.deepEqual(thresholds.filter(isPreviewThreshold), thresholds)
    for (const bad of [
      0,
      1,
      499,
      501,
      9_000.5,
      9_999,
      10_000,
      MAX_PREVIEW_THRESHOLD_BPS + ACCURACY_BUCKET_BPS,
    ])
      assert.equal(isPreviewThreshold(bad), false, String(bad))
  })

  it('makes `met` a function of the bucket: it agrees with the on-chain rule for every allowed threshold', () => {
    for (let total = PREVIEW_MIN_TEST_ROWS; total <= 140; total += 1) {
      for (let correct = 0; correct <= total; correct += 1) {
        const { lowBps } = accuracyBucket(correct, total)
        for (const t of thresholds)
          assert.equal(lowBps >= t, thresholdMet(correct, total, t), `${correct}/${total} @ ${t}`)
      }
    }
  })
})
