import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { HttpRequestError } from 'viem'
import { HcsError } from '../hcs/errors.ts'
import { ProverFailedError, ProverInputTooLargeError } from '../prover/errors.ts'
import { ZkVerifyError } from '../zkverify/errors.ts'
import { PermanentJobError, publicJobError, UnprovableJobError } from './errors.ts'
import { proverFailure } from './steps/prove.ts'
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

describe('prover failures that refund (sale jobs and feed requests)', () => {
  const live = new AbortController().signal
  it('the CLI refusal, exit 3 and exits 1/2 refund; a kill, a timeout or our own abort retry', () => {
    const refusal = new ProverInputTooLargeError('prove', {
      cycles: 1,
      userCycles: 1,
      segments: 9,
      segmentPo2: 20,
      problems: ['too many segments'],
      estimated: true,
      limits: {
        maxSegments: 4,
        maxSegmentBytes: 1,
        maxPo2: 21,
        maxProvablePo2: 20,
        maxPublicInputsBytes: 2052,
      },
    })
    const failed = (exitCode: number | null, signal: NodeJS.Signals | null = null) =>
      new ProverFailedError({ command: 'prove', exitCode, signal, stderrTail: '' })
    assert.equal(proverFailure(refusal, live)?.reason, UNPROVABLE_REASON.TEST_SET_TOO_LARGE)
    assert.equal(proverFailure(failed(3), live)?.reason, UNPROVABLE_REASON.TEST_SET_TOO_LARGE)
    assert.equal(proverFailure(failed(1), live)?.reason, UNPROVABLE_REASON.PROVER_FAILED)
    assert.equal(proverFailure(failed(2), live)?.reason, UNPROVABLE_REASON.PROVER_FAILED)
    assert.equal(proverFailure(failed(null, 'SIGKILL'), live), null)
    assert.equal(proverFailure(failed(101), live), null, 'a crash is retried')
    assert.equal(proverFailure(new Error('timeout'), live), null)
    const aborted = new AbortController()
    aborted.abort()
    assert.equal(proverFailure(failed(1), aborted.signal), null, 'killed by our own abort: retried')
  })
})
