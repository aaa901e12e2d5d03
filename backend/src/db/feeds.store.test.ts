import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import type { Hex } from 'viem'
import { addr, feedStore, hex } from '../testing/storeFixtures.ts'
import type { FeedRecord, NewFeedRequest, Store } from './index.ts'

/** Upload rules with room to spare: an open feed, a quota no test here reaches. */
const OPEN = { quota: { maxPerWallet: 100, maxBytesPerWallet: 1 << 20 }, acceptingRequests: true }

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
    ;({ dir, store, feed } = await feedStore())
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
      OPEN,
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
      OPEN,
    )
    assert.ok(released.stored)
    assert.deepEqual(
      released.released.map((r) => [r.requestId, r.state]),
      [[hex('a3'), 'proving']],
    )
    // Uploading the same rows again releases nothing more; it renews the rows for their latest uploader.
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
        OPEN,
      ),
      { stored: true, released: [] },
    )
    const renewed = await store.getFeedInputs(feed.pk, hex('22'))
    assert.deepEqual([renewed?.uploader, renewed?.createdAt], [addr('c3'), 21])
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

describe('SQLite store: feed owner state, the inputs quota and the sweep', () => {
  let dir: string
  let store: Store
  let feed: FeedRecord
  const quota = { maxPerWallet: 2, maxBytesPerWallet: 10 }
  const upload = (
    hashByte: string,
    uploader: string,
    size: number,
    now: number,
    rules: { quota: typeof quota; acceptingRequests: boolean } = { quota, acceptingRequests: true },
    rows = 1,
  ) =>
    store.putFeedInputs(
      {
        feedPk: feed.pk,
        inputsHash: hex(hashByte),
        uploader: addr(uploader),
        rows,
        inputs: new Uint8Array(size),
      },
      now,
      rules,
    )
  const pay = (id: string, hashByte: string, count: number, now: number) =>
    store.insertFeedRequest(
      {
        feedPk: feed.pk,
        requestId: hex(id),
        customer: addr('c1'),
        inputsHash: hex(hashByte),
        count,
        priceWei: '10',
        deadline: 99,
        verifierId: 1,
        openedBlock: 7n,
        openedTx: hex(id),
      },
      now,
    )
  const stored = async (hashByte: string) => (await store.getFeedInputs(feed.pk, hex(hashByte))) !== null

  before(async () => {
    ;({ dir, store, feed } = await feedStore())
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("a feed starts open at its listing price; the owner's changes update that feed only", async () => {
    assert.deepEqual([feed.priceWei, feed.acceptingRequests], ['10', true])
    const priced = await store.updateFeedState(31337, addr('FE'), { priceWei: '25' })
    assert.deepEqual([priced?.priceWei, priced?.acceptingRequests], ['25', true])
    const closed = await store.updateFeedState(31337, addr('fe'), { acceptingRequests: false })
    assert.deepEqual([closed?.priceWei, closed?.acceptingRequests], ['25', false])
    assert.deepEqual(await store.listFeeds(), [closed], 'the listing shows the recorded state')
    assert.equal(await store.updateFeedState(31337, addr('f0'), { priceWei: '1' }), null, 'unknown feed')
    assert.equal(await store.updateFeedState(1, addr('fe'), { priceWei: '1' }), null, 'another chain')
    const reopened = await store.updateFeedState(31337, addr('fe'), { acceptingRequests: true })
    assert.deepEqual([reopened?.priceWei, reopened?.acceptingRequests], ['25', true])
    // A feed recorded from its FeedCreated is known; the whole state read from the chain sets both.
    assert.equal(feed.stateKnown, true)
    const read = await store.updateFeedState(31337, addr('fe'), {
      priceWei: '40',
      acceptingRequests: false,
      fromChain: true,
    })
    assert.deepEqual([read?.priceWei, read?.acceptingRequests, read?.stateKnown], ['40', false, true])
    await store.updateFeedState(31337, addr('fe'), {
      priceWei: '10',
      acceptingRequests: true,
      fromChain: true,
    })
  })

  it('attack: a wallet at its quota of unpaid inputs is refused with nothing stored; renewals, other wallets and paid-for rows go through', async () => {
    assert.equal((await upload('01', 'a1', 4, 100)).stored, true)
    assert.equal((await upload('02', 'a1', 4, 101)).stored, true)
    // Third upload: over the count.
    assert.deepEqual(await upload('03', 'a1', 1, 102), {
      stored: false,
      refused: 'quota',
      held: { count: 2, bytes: 8 },
      oldestAt: 100,
    })
    assert.equal(await stored('03'), false, 'nothing stored')
    // Over the bytes, with room in the count.
    const big = await upload('03', 'a1', 3, 102, {
      quota: { maxPerWallet: 5, maxBytesPerWallet: 10 },
      acceptingRequests: true,
    })
    assert.deepEqual(big.stored ? null : big.refused, 'quota')
    assert.equal(await stored('03'), false)
    // Renewing rows it already holds adds nothing: allowed, and they count from now.
    assert.deepEqual(await upload('02', 'a1', 4, 103), { stored: true, released: [] })
    assert.equal((await store.getFeedInputs(feed.pk, hex('02')))?.createdAt, 103)
    // Another wallet has its own quota.
    assert.equal((await upload('03', 'a2', 1, 104)).stored, true)
    // Rows a paid request waits for are exempt: they are named the moment they are stored.
    const waiting = await pay('b1', '04', 1, 105)
    assert.equal(waiting?.state, 'awaiting_inputs')
    const released = await upload('04', 'a1', 9, 106)
    assert.ok(released.stored)
    assert.deepEqual(
      released.released.map((r) => [r.requestId, r.state]),
      [[hex('b1'), 'proving']],
    )
    // Once a request names one of its uploads, that one stops counting and the wallet has room again.
    assert.equal((await pay('b2', '01', 1, 107))?.state, 'proving')
    assert.equal((await upload('05', 'a1', 4, 108)).stored, true)
    assert.deepEqual((await upload('06', 'a1', 1, 109)).stored, false)
  })

  it('a closed feed refuses rows nobody paid for, and still takes the rows a paid request waits for', async () => {
    const closed = { quota: { maxPerWallet: 100, maxBytesPerWallet: 1000 }, acceptingRequests: false }
    assert.deepEqual(await upload('07', 'a3', 1, 200, closed), { stored: false, refused: 'closed' })
    assert.equal(await stored('07'), false)
    // Paid before the owner closed the feed: open requests are unaffected by a pause.
    assert.equal((await pay('b3', '08', 1, 201))?.state, 'awaiting_inputs')
    const late = await upload('08', 'a3', 1, 202, closed)
    assert.ok(late.stored)
    assert.deepEqual(
      late.released.map((r) => r.requestId),
      [hex('b3')],
    )
  })

  it('the sweep deletes only expired inputs no request names, oldest first, at most `limit` a pass', async () => {
    // Stored so far: 01 (named, 100), 02 (103), 03 (104), 04 (named, 106), 05 (108), 08 (named, 202).
    // 09: named by a request whose count differs (it will be refunded): still named, still kept.
    assert.equal((await upload('09', 'a4', 1, 150, undefined, 2)).stored, true)
    assert.equal((await pay('b4', '09', 3, 151))?.state, 'awaiting_inputs')
    assert.equal((await upload('0a', 'a4', 1, 5000)).stored, true, 'recent: not expired')
    assert.equal(await store.sweepFeedInputs(1000, 1), 1)
    assert.deepEqual([await stored('02'), await stored('03')], [false, true], 'the oldest unnamed went first')
    assert.equal(await store.sweepFeedInputs(1000, 10), 2, '03 and 05')
    assert.equal(await store.sweepFeedInputs(1000, 10), 0)
    for (const kept of ['01', '04', '08', '09', '0a']) assert.equal(await stored(kept), true, kept)
    for (const gone of ['02', '03', '05']) assert.equal(await stored(gone), false, gone)
  })

  it('a request for swept rows is never stuck: a new upload releases it, or it is refunded after the grace period', async () => {
    const lateReupload = await pay('b5', '02', 1, 6000)
    assert.equal(lateReupload?.state, 'awaiting_inputs', 'swept rows are unknown rows')
    const again = await upload('02', 'a1', 4, 6001)
    assert.ok(again.stored)
    assert.deepEqual(
      again.released.map((r) => [r.requestId, r.state]),
      [[hex('b5'), 'proving']],
    )
    const never = await pay('b6', '03', 1, 6002)
    assert.equal(never?.state, 'awaiting_inputs')
    const expired = await store.expireAwaitingInputs(7000, 4, 7000)
    assert.deepEqual(
      expired.map((r) => [r.requestId, r.state, r.refund?.reason]),
      [
        [hex('b4'), 'refunding', 4],
        [hex('b6'), 'refunding', 4],
      ],
    )
  })

  it('attack: a request that ends refunded cannot pin its rows; a pending one keeps them', async () => {
    // b4 (wrong count, named 09) is `refunding`: its rows are still kept and exempt from the quota.
    assert.equal((await store.getFeedRequest(hex('b4')))?.state, 'refunding')
    assert.equal(await store.sweepFeedInputs(1000, 10), 0)
    assert.equal(await stored('09'), true)
    let claimed = await store.claimFeedRequest('T', 1e12, 1000)
    while (claimed && claimed.requestId !== hex('b4')) claimed = await store.claimFeedRequest('T', 1e12, 1000)
    assert.ok(claimed)
    assert.equal(await store.advanceFeedRequest(claimed.pk, 'T', 'refunding', 'refunded', {}, 10_001), true)
    // Refunded: the rows are no longer needed and go at the next sweep, like rows nobody paid for.
    assert.equal(await store.sweepFeedInputs(1000, 10), 1)
    assert.equal(await stored('09'), false)
    for (const kept of ['01', '04', '08', '02'])
      assert.equal(await stored(kept), true, `${kept}: named by a request still proving`)
  })
})
