import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Hex } from 'viem'
import { testDataset, testJob } from '../testing/storeFixtures.ts'
import { type NewJob, openStore, type Store } from './index.ts'

const hex = (byte: string): Hex => `0x${byte.repeat(32)}`

describe('SQLite store: job claims', () => {
  let dir: string
  let store: Store
  let job: NewJob
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veritree-db-'))
    store = openStore(dir)
    const dataset = await testDataset(store)
    await store.putQuote({
      id: hex('0a'),
      datasetId: dataset.id,
      customer: '0x00000000000000000000000000000000000000bb',
      params: { maxDepth: 3, minLeafSize: 5, gainThresholdPpm: 0 },
      testSet: new Uint8Array(8),
      testSetHash: hex('dd'),
      thresholdBps: 5000,
      correct: 1,
      total: 2,
      modelHash: hex('ee'),
      modelSalt: hex('e1'),
      modelCommitment: hex('e2'),
      paramsHash: hex('e3'),
      journalFormats: [1, 2],
      priceWei: '1',
      createdAt: 1,
      expiresAt: 2000,
      quoteExpiresAt: 2,
    })
    job = testJob(dataset.id, {
      // The quote's customer, as a real job has.
      market: '0x00000000000000000000000000000000000000cc',
      customer: '0x00000000000000000000000000000000000000bb',
      terms: {
        paramsHash: hex('a1'),
        modelCommitment: hex('a2'),
        quoteExpiresAt: 9,
        verifierId: 1,
        journalFormat: 2,
      },
    })
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('inserts each (chain, market, job id) once', async () => {
    assert.ok(await store.insertJob(job, 1000))
    assert.equal(await store.insertJob(job, 1001), null)
    assert.equal((await store.listJobs({})).length, 1)
  })

  it('gives a job to one holder at a time and back after its lease expires', async () => {
    const a = await store.claimJob('A', 2000, 1000)
    assert.equal(a?.holder, 'A')
    assert.equal(a?.attempts, 1)
    assert.equal(await store.claimJob('B', 2500, 1000), null, 'held and unexpired')
    assert.equal(await store.heartbeat(a?.pk ?? 0, 'A', 3500), true)
    assert.equal(await store.claimJob('B', 3000, 1000), null, 'the heartbeat extended the lease')
    const b = await store.claimJob('B', 3600, 1000)
    assert.equal(b?.holder, 'B', 'A stopped beating: B takes over')
    assert.equal(b?.attempts, 2)
    // A lost it: its writes match nothing.
    assert.equal(await store.heartbeat(b?.pk ?? 0, 'A', 9999), false)
    assert.equal(await store.advanceJob(b?.pk ?? 0, 'A', 'opened', 'training', {}, 3700), false)
    assert.equal(
      await store.advanceJob(
        b?.pk ?? 0,
        'B',
        'opened',
        'training',
        {
          training: { model: new Uint8Array([1, 2]), modelHash: hex('ee'), correct: 3, total: 4, met: true },
        },
        3700,
        'ok',
      ),
      true,
    )
    const moved = await store.getJob(job.jobId)
    assert.equal(moved?.state, 'training')
    assert.equal(moved?.holder, null)
    assert.equal(moved?.attempts, 0)
    assert.deepEqual(moved?.training, {
      model: new Uint8Array([1, 2]),
      modelHash: hex('ee'),
      correct: 3,
      total: 4,
      met: true,
    })
    assert.deepEqual(moved?.terms, job.terms)
    assert.deepEqual(
      (await store.jobTransitions(moved?.pk ?? 0)).map((t) => [t.from, t.to]),
      [
        [null, 'opened'],
        ['opened', 'training'],
      ],
    )
  })

  it('retries after a delay and fails with a reason, only for the holder', async () => {
    const c = await store.claimJob('C', 4000, 1000)
    const boom = { code: 'retrying', message: 'boom' } as const
    assert.equal(await store.retryJob(c?.pk ?? 0, 'C', boom, 6000, 4000), true)
    assert.equal(await store.claimJob('D', 5000, 1000), null, 'not due yet')
    const d = await store.claimJob('D', 6000, 1000)
    assert.deepEqual(d?.error, boom)
    const gone = { code: 'internal', message: 'the dataset is gone' } as const
    assert.equal(await store.failJob(d?.pk ?? 0, 'X', 'training', gone, 6100), false)
    assert.equal(await store.failJob(d?.pk ?? 0, 'D', 'training', gone, 6100), true)
    assert.equal((await store.getJob(job.jobId))?.state, 'failed')
    assert.equal(await store.claimJob('E', 99999, 1000), null, 'terminal jobs are never claimed')
  })
})
