import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FeedView, Job } from '@veritree/core/api'
import { boughtModels, requestStateBadge } from './models.ts'

const hex = (byte: string) => `0x${byte.repeat(32)}` as `0x${string}`
const MARKET = `0x${'cc'.repeat(20)}` as `0x${string}`

/** A job with just the fields boughtModels reads; the rest is never looked at. */
function job(
  byte: string,
  overrides: { state?: Job['state']; met?: boolean | null; settlement?: string | null; at?: string } = {},
): Job {
  return {
    jobId: hex(byte),
    market: MARKET,
    state: overrides.state ?? 'done',
    updatedAt: overrides.at ?? '2026-12-03T10:00:00.000Z',
    result: {
      met: overrides.met === undefined ? true : overrides.met,
      settlement: overrides.settlement === undefined ? 'Settled' : overrides.settlement,
    },
  } as unknown as Job
}

function feed(jobByte: string, market = MARKET): FeedView {
  return { address: `0x${'fe'.repeat(20)}`, market, saleJobId: hex(jobByte) } as unknown as FeedView
}

test('only sales settled with the threshold met are bought models, newest first', () => {
  const models = boughtModels(
    [
      job('01', { at: '2026-12-03T09:00:00.000Z' }),
      job('02', { met: false, settlement: 'Refunded' }),
      job('03', { state: 'settling' }),
      job('04', { state: 'refunded', met: null, settlement: null }),
      job('05', { settlement: null }),
      job('06', { at: '2026-12-03T11:00:00.000Z' }),
    ],
    [],
  )
  assert.deepEqual(
    models.map((m) => m.job.jobId),
    [hex('06'), hex('01')],
  )
})

test("each model is matched with its own feed, by market and job id, whatever the letters' case", () => {
  const listed = feed('01')
  const [first, second] = boughtModels(
    [job('01'), job('06', { at: '2026-12-02T00:00:00.000Z' })],
    [
      { ...listed, market: MARKET.toUpperCase().replace('0X', '0x') as `0x${string}` },
      feed('06', `0x${'dd'.repeat(20)}`),
    ],
  )
  assert.equal(first?.feed?.saleJobId, listed.saleJobId)
  // Same job id in another market is another sale.
  assert.equal(second?.feed, null)
})

test('request states read as badges: done passes, failed fails, refunds and missing inputs warn', () => {
  assert.deepEqual(requestStateBadge('done'), { tone: 'pass', label: 'done' })
  assert.deepEqual(requestStateBadge('failed'), { tone: 'fail', label: 'failed' })
  assert.equal(requestStateBadge('refunded').tone, 'warn')
  assert.deepEqual(requestStateBadge('awaiting_inputs'), { tone: 'warn', label: 'awaiting inputs' })
  assert.equal(requestStateBadge('proving').tone, 'brand')
})
