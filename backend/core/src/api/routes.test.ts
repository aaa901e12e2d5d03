import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  apiResponseProblems,
  apiRouteOf,
  isTerminalJobState,
  JOB_STATES,
  TERMINAL_JOB_STATES,
} from './index.ts'

const hash = `0x${'ab'.repeat(32)}`
const health = {
  ok: true,
  chainId: 31337,
  factory: `0x${'11'.repeat(20)}`,
  prover: { imageId: hash },
  zkVerify: 'local',
  hcs: 'local',
}

describe('API response schemas', () => {
  it('finds the route of a request path', () => {
    assert.equal(apiRouteOf('GET', `/jobs/${hash}`), 'GET /jobs/{jobId}')
    assert.equal(apiRouteOf('post', '/datasets/7/preview?maxDepth=4'), 'POST /datasets/{id}/preview')
    assert.equal(apiRouteOf('GET', '/datasets/7/curve'), 'GET /datasets/{id}/curve')
    assert.equal(apiRouteOf('DELETE', '/datasets/7'), null)
  })

  it('accepts a matching answer and names each field that drifted', () => {
    assert.deepEqual(apiResponseProblems('GET', '/health', 200, health), [])
    assert.deepEqual(
      apiResponseProblems('GET', '/health', 200, { ...health, chainId: '31337', zkVerify: 'remote' }),
      [
        'GET /health (200) chainId: Invalid input: expected number, received string',
        'GET /health (200) zkVerify: Invalid option: expected one of "local"|"zkverify"',
      ],
    )
  })

  it('checks error answers against the one error shape', () => {
    const ok = { error: { code: 'not_found', message: 'job not found' } }
    assert.deepEqual(apiResponseProblems('GET', `/jobs/${hash}`, 404, ok), [])
    assert.equal(apiResponseProblems('GET', `/jobs/${hash}`, 404, { message: 'nope' }).length, 1)
  })

  it('refuses a JSON answer from a route that has no schema', () => {
    assert.deepEqual(apiResponseProblems('GET', '/secret', 200, {}), [
      'GET /secret answered JSON but no schema in API_RESPONSES covers it',
    ])
  })

  it('lists job states once, terminal ones included', () => {
    assert.deepEqual(
      TERMINAL_JOB_STATES.filter((s) => JOB_STATES.includes(s)),
      ['done', 'refunded', 'failed'],
    )
    assert.equal(isTerminalJobState('done'), true)
    assert.equal(isTerminalJobState('refunded'), true)
    assert.equal(isTerminalJobState('refunding'), false)
    assert.equal(isTerminalJobState('settling'), false)
  })
})
