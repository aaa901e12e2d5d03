import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Address, Hex } from 'viem'
import { type FeedRecord, type NewFeedRequest, openStore, type Store } from './index.ts'

const hex = (byte: string): Hex => `0x${byte.repeat(32)}`
const addr = (byte: string): Address => `0x${byte.repeat(20)}`

describe('SQLite store: inference feeds', () => {
  let dir: string
  let store: Store
  let feed: FeedRecord
  const request = (id: string, inputsHash: Hex, count: number): NewFeedRequest => ({
    feedPk: feed.pk,
    requestId: hex(id),
    customer: addr('c1'),
    inputsHash,
    count,
    priceWei: '30',
    deadline: 99,
    verifierId: 1,
    openedBlock: 7n,
    openedTx: hex('7a'),
  })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veritree-feeds-db-'))
    store = openStore(dir)
    const dataset = await store.createDataset(
      {
        vendor: addr('aa'),
        name: 'd',
        description: '',
        labelColumn: 'y',
        features: ['x'],
        classes: ['a', 'b'],
        rows: 10,
        commitment: hex('cc'),
        byteLength: 8,
        createdAt: 1,
      },
      () => ({ keyId: 'k', iv: new Uint8Array(12), ciphertext: new Uint8Array(1), tag: new Uint8Array(16) }),
    )
    const job = await store.insertJob(
      {
        chainId: 31337,
        market: addr('cc'),
        jobId: hex('01'),
        datasetId: dataset.id,
        quoteId: hex('0a'),
        customer: addr('bb'),
        testSetHash: hex('dd'),
        thresholdBps: 5000,
        priceWei: '1',
        deadline: 9,
        openedBlock: 5n,
        openedTx: hex('f0'),
        terms: null,
      },
      1,
    )
    assert.ok(job)
    const inserted = await store.insertFeed(
      {
        chainId: 31337,
        address: addr('Fe'),
        market: addr('cc'),
        saleJobId: hex('01'),
        jobPk: job.pk,
        datasetId: dataset.id,
        owner: addr('bb'),
        modelHash: hex('ee'),
        priceWei: '10',
        royaltyBps: 500,
        createdBlock: 6n,
        createdTx: hex('6a'),
      },
      2,
    )
    assert.ok(inserted)
    feed = inserted
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('records a feed once, by address (lowercased) and by sale', async () => {
    assert.equal(feed.address, addr('fe'))
    assert.deepEqual(await store.getFeed(addr('FE')), feed)
    assert.equal(await store.insertFeed({ ...feed, address: addr('fd') }, 3), null, 'same sale twice')
    assert.equal(await store.insertFeed({ ...feed, saleJobId: hex('02') }, 3), null, 'same address twice')
    assert.deepEqual(await store.listFeeds({ owner: addr('bb') }), [feed])
    assert.deepEqual(await store.listFeeds({ owner: addr('b0') }), [])
  })

  it('a request whose inputs are stored is proving at once; another awaits its inputs', async () => {
    await store.putFeedInputs(
      {
        feedPk: feed.pk,
        inputsHash: hex('11'),
        uploader: addr('c1'),
        rows: 3,
        inputs: new Uint8Array([1, 2]),
      },
      10,
    )
    const known = await store.insertFeedRequest(request('a1', hex('11'), 3), 11)
    assert.equal(known?.state, 'proving')
    assert.equal(await store.insertFeedRequest(request('a1', hex('11'), 3), 12), null, 'each request once')
    const wrongCount = await store.insertFeedRequest(request('a2', hex('11'), 4), 12)
    assert.equal(wrongCount?.state, 'awaiting_inputs', 'the contract would refuse a journal of 3 rows')
    const unknown = await store.insertFeedRequest(request('a3', hex('22'), 2), 13)
    assert.equal(unknown?.state, 'awaiting_inputs')
  })

  it('an upload releases the requests that were waiting for exactly those rows', async () => {
    const released = await store.putFeedInputs(
      { feedPk: feed.pk, inputsHash: hex('22'), uploader: addr('c2'), rows: 2, inputs: new Uint8Array([3]) },
      20,
    )
    assert.deepEqual(
      released.map((r) => [r.requestId, r.state]),
      [[hex('a3'), 'proving']],
    )
    // Uploading the same rows again changes nothing (the first uploader stays recorded).
    assert.deepEqual(
      await store.putFeedInputs(
        {
          feedPk: feed.pk,
          inputsHash: hex('22'),
          uploader: addr('c3'),
          rows: 2,
          inputs: new Uint8Array([3]),
        },
        21,
      ),
      [],
    )
    assert.equal((await store.getFeedInputs(feed.pk, hex('22')))?.uploader, addr('c2'))
    const a3 = await store.getFeedRequest(hex('a3'))
    assert.deepEqual(
      (await store.feedRequestTransitions(a3?.pk ?? 0)).map((t) => [t.from, t.to]),
      [
        [null, 'awaiting_inputs'],
        ['awaiting_inputs', 'proving'],
      ],
    )
  })

  it('expires requests whose inputs never came after the grace period, and only those', async () => {
    assert.deepEqual(await store.expireAwaitingInputs(12, 4, 30), [], 'a2 was recorded at 12: not before 12')
    const expired = await store.expireAwaitingInputs(13, 4, 31)
    assert.deepEqual(
      expired.map((r) => [r.requestId, r.state, r.refund?.reason, r.error?.code]),
      [[hex('a2'), 'refunding', 4, 'unprovable']],
    )
    assert.equal((await store.getFeedRequest(hex('a1')))?.state, 'proving', 'a proving request is untouched')
    assert.deepEqual(
      (await store.listFeedRequests({ feedPk: feed.pk })).map((r) => r.requestId),
      [hex('a3'), hex('a2'), hex('a1')],
    )
    assert.equal((await store.listFeedRequests({ customer: addr('c9') })).length, 0)
  })

  it('runs requests through the same claims as jobs: one holder, results with the transition, retry and fail', async () => {
    const claimed = await store.claimFeedRequest('A', 100, 1000)
    assert.equal(
      claimed?.requestId,
      hex('a1'),
      'the oldest due request that is not awaiting inputs or terminal',
    )
    const pk = claimed?.pk ?? 0
    assert.equal(
      await store.advanceFeedRequest(pk, 'B', 'proving', 'verifying', {}, 101),
      false,
      'not the holder',
    )
    const proof = {
      imageId: hex('1d'),
      journal: '0x0003' as Hex,
      predictions: '0x01000000' as Hex,
      receiptPath: '/tmp/r',
      stats: { cycles: 1, segments: 1, provingMs: 2, receiptBytes: 3 },
    }
    assert.equal(
      await store.advanceFeedRequest(pk, 'A', 'proving', 'verifying', { proof }, 102, 'proved'),
      true,
    )
    const moved = await store.getFeedRequest(hex('a1'))
    assert.deepEqual(moved?.proof, proof)
    assert.equal(moved?.holder, null)
    // Claims go by run_after: other due requests come first, then this one.
    const claimUntil = async (holder: string, now: number) => {
      let r = await store.claimFeedRequest(holder, now, 1000)
      while (r && r.pk !== pk) r = await store.claimFeedRequest(holder, now, 1000)
      return r
    }
    assert.equal((await claimUntil('C', 200))?.pk, pk)
    assert.equal(
      await store.retryFeedRequest(pk, 'C', { code: 'verifier_failed', message: 'down' }, 500, 201),
      true,
    )
    assert.notEqual((await store.claimFeedRequest('D', 300, 1000))?.pk, pk, 'not due before run_after')
    const d = await claimUntil('E', 2000)
    assert.equal(d?.pk, pk)
    assert.deepEqual(d?.error, { code: 'verifier_failed', message: 'down' })
    assert.equal(
      await store.failFeedRequest(pk, 'E', 'verifying', { code: 'internal', message: 'x' }, 601),
      true,
    )
    assert.deepEqual(
      (await store.feedRequestTransitions(pk)).map((t) => t.to),
      ['proving', 'verifying', 'failed'],
    )
    // A request waiting for its inputs is never claimed, however late it is.
    await store.insertFeedRequest(request('a4', hex('44'), 1), 700)
    const claimedLater: Hex[] = []
    for (
      let r = await store.claimFeedRequest('F', 1e12, 1000);
      r;
      r = await store.claimFeedRequest('F', 1e12, 1000)
    )
      claimedLater.push(r.requestId)
    assert.ok(!claimedLater.includes(hex('a4')), JSON.stringify(claimedLater))
    assert.equal((await store.getFeedRequest(hex('a4')))?.state, 'awaiting_inputs')
  })
})
