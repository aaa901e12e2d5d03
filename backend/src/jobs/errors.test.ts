import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { HttpRequestError } from 'viem'
import { HcsError } from '../hcs/errors.ts'
import { ProverFailedError } from '../prover/errors.ts'
import { ZkVerifyError } from '../zkverify/errors.ts'
import { PermanentJobError, publicJobError, UnprovableJobError } from './errors.ts'
import { crashHookState } from './worker.ts'

describe('published job errors', () => {
  it('carry a code and a message of their own, never the failure text (keys, stderr)', () => {
    const secret = 'https://rpc.example/v2/SECRET-KEY'
    const cases: Array<[unknown, string]> = [
      [new HttpRequestError({ url: secret, details: 'fetch failed' }), 'chain_unavailable'],
      [
        new ProverFailedError({ command: 'prove', exitCode: null, signal: 'SIGKILL', stderrTail: secret }),
        'prover_failed',
      ],
      [new ZkVerifyError('submit', secret), 'verifier_failed'],
      [new HcsError(secret, { network: 'local' }), 'timestamp_failed'],
      [new Error(secret), 'retrying'],
    ]
    for (const [error, code] of cases) {
      const published = publicJobError(error, 'proving')
      assert.equal(published.code, code)
      assert.doesNotMatch(published.message, /SECRET|rpc\.example/)
    }
    assert.deepEqual(publicJobError(new UnprovableJobError(4, 'terms differ'), 'opened'), {
      code: 'unprovable',
      message: 'terms differ',
    })
    assert.deepEqual(publicJobError(new PermanentJobError('gone', { code: 'internal' }), 'attesting'), {
      code: 'internal',
      message: 'gone',
    })
  })

  it('VERITREE_TEST_CRASH_AT names a stage, or is refused', () => {
    assert.equal(crashHookState(undefined), null)
    assert.equal(crashHookState('prove'), 'proving')
    assert.equal(crashHookState('attest'), 'attesting')
    assert.throws(
      () => crashHookState('proving'),
      /expected one of train, prove, verify, settle, attest, refund/,
    )
  })
})
