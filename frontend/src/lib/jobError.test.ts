import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeJobError } from './jobError.ts'

describe('describeJobError', () => {
  it('shows the published code and message, and tolerates plain text or nothing', () => {
    assert.deepEqual(describeJobError({ code: 'prover_failed', message: 'proving failed' }), {
      code: 'prover_failed',
      message: 'proving failed',
    })
    assert.deepEqual(describeJobError('old text'), { code: null, message: 'old text' })
    assert.equal(describeJobError(null), null)
  })
})
