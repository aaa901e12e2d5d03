import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import pino from 'pino'
import { openStore, type Store } from '../db/index.ts'
import { addr, hex, testDataset, testJob } from '../testing/storeFixtures.ts'
import { type FeedCreatedLog, onFeedCreated } from './onFeedCreated.ts'
import { onFeedStateUpdated } from './onFeedStateUpdated.ts'
import { onPredictionsRequested, type PredictionsRequestedLog } from './onPredictionsRequested.ts'

const logger = pino({ level: 'silent' })
const CHAIN = 31337

describe('chain watcher: FeedCreated and PredictionsRequested', () => {
  let dir: string
  let store: Store

  /** A job of ours on market `cc`, advanced to `proving` with a trained model that met or missed. */
  const sale = async (jobByte: string, met: boolean): Promise<void> => {
    const datasets = await store.listDatasets()
    const job = await store.insertJob(
      testJob(datasets[0]?.id ?? 0, { chainId: CHAIN, jobId: hex(jobByte), openedTx: hex(`f${jobByte[1]}`) }),
      1,
    )
    assert.ok(job)
    const claimed = await store.claimJob('t', 2, 1000)
    assert.equal(claimed?.pk, job.pk)
    assert.ok(
      await store.advanceJob(
        job.pk,
        't',
        'opened',
        'proving',
        {
          training: {
            model: new Uint8Array([1]),
            modelHash: hex('ee'),
            correct: met ? 9 : 1,
            total: 10,
            met,
          },
        },
        3,
      ),
    )
  }
  const feedLog = (change: Partial<FeedCreatedLog> = {}): FeedCreatedLog => ({
    chainId: CHAIN,
    market: addr('cc'),
    jobId: hex('01'),
    owner: addr('bb'),
    feed: addr('fe'),
    modelHash: hex('ee'),
    pricePerPrediction: 10n,
    royaltyBps: 500,
    blockNumber: 8n,
    txHash: hex('81'),
    logIndex: 0,
    ...change,
  })
  const requestLog = (change: Partial<PredictionsRequestedLog> = {}): PredictionsRequestedLog => ({
    chainId: CHAIN,
    feed: addr('fe'),
    requestId: hex('a1'),
    customer: addr('c1'),
    inputsHash: hex('11'),
    count: 2,
    price: 20n,
    deadline: 1000n,
    verifierId: 1,
    blockNumber: 9n,
    txHash: hex('91'),
    logIndex: 0,
    ...change,
  })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veritree-feed-events-'))
    store = openStore(dir)
    await testDataset(store)
    await sale('01', true)
    await sale('02', false)
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('ignores a feed of a sale that is not ours, that missed its threshold, or that names another model', async () => {
    const cases: Array<[Partial<FeedCreatedLog>, RegExp]> = [
      [{ jobId: hex('09'), feed: addr('f1') }, /not a job of this backend/],
      [{ market: addr('c0'), feed: addr('f2') }, /not a job of this backend/],
      [{ chainId: 1, feed: addr('f3') }, /not a job of this backend/],
      [{ jobId: hex('02'), feed: addr('f4') }, /did not meet its threshold/],
      [{ modelHash: hex('e0'), feed: addr('f5') }, /names model/],
    ]
    for (const [index, [change, reason]] of cases.entries()) {
      const result = await onFeedCreated(
        store,
        feedLog({ ...change, txHash: hex('8f'), logIndex: index }),
        logger,
      )
      assert.ok('ignored' in result, JSON.stringify(change))
      assert.match(result.ignored, reason)
    }
    assert.deepEqual(await store.listFeeds(), [])
    const ignored = await store.listIgnoredEvents()
    assert.deepEqual(
      ignored.map((e) => e.event),
      cases.map(() => 'FeedCreated'),
    )
  })

  it('records a feed of our met sale once, however often its log is seen', async () => {
    const first = await onFeedCreated(store, feedLog(), logger)
    assert.ok('feed' in first)
    assert.equal(first.feed.modelHash, hex('ee'))
    assert.equal(first.feed.priceWei, '10')
    const again = await onFeedCreated(store, feedLog(), logger)
    assert.deepEqual(again, first)
    const replay = await onFeedCreated(store, feedLog({ txHash: hex('82'), logIndex: 3 }), logger)
    assert.ok('ignored' in replay)
    assert.equal((await store.listFeeds()).length, 1)
  })

  it('a request on an unknown feed is ignored; on ours it waits for inputs, or proves when they are held', async () => {
    const stranger = await onPredictionsRequested(store, requestLog({ feed: addr('f9') }), logger)
    assert.ok('ignored' in stranger)
    assert.match(stranger.ignored, /not a known feed/)

    const waiting = await onPredictionsRequested(store, requestLog(), logger)
    assert.ok('request' in waiting)
    assert.equal(waiting.request.state, 'awaiting_inputs')
    assert.equal(waiting.request.priceWei, '20')
    assert.deepEqual(await onPredictionsRequested(store, requestLog(), logger), waiting)

    const feed = await store.getFeed(addr('fe'))
    assert.ok(feed)
    await store.putFeedInputs(
      { feedPk: feed.pk, inputsHash: hex('22'), uploader: addr('c1'), rows: 3, inputs: new Uint8Array([1]) },
      10,
      { quota: { maxPerWallet: 10, maxBytesPerWallet: 100 }, acceptingRequests: true },
    )
    const held = await onPredictionsRequested(
      store,
      requestLog({ requestId: hex('a2'), inputsHash: hex('22'), count: 3, txHash: hex('92') }),
      logger,
    )
    assert.ok('request' in held)
    assert.equal(held.request.state, 'proving')
    const replay = await onPredictionsRequested(store, requestLog({ txHash: hex('93') }), logger)
    assert.ok('ignored' in replay, 'the same request id from another transaction')
  })

  it("applies the owner's price and open/closed changes in chain order, replays included; other feeds are untouched", async () => {
    const state = async () => {
      const feed = await store.getFeed(addr('fe'))
      return [feed?.priceWei, feed?.acceptingRequests]
    }
    assert.deepEqual(await state(), ['10', true], 'the listing price, accepting')
    const logs = [
      { change: { priceWei: '25' }, blockNumber: 20n, logIndex: 0 },
      { change: { acceptingRequests: false }, blockNumber: 20n, logIndex: 1 },
      { change: { priceWei: '30' }, blockNumber: 21n, logIndex: 0 },
    ]
    for (const log of logs) {
      const applied = await onFeedStateUpdated(store, { chainId: CHAIN, feed: addr('FE'), ...log }, logger)
      assert.ok('feed' in applied)
    }
    assert.deepEqual(await state(), ['30', false])
    // A crash before the cursor moved: the range is read again, in the same order, to the same state.
    for (const log of logs)
      await onFeedStateUpdated(store, { chainId: CHAIN, feed: addr('fe'), ...log }, logger)
    assert.deepEqual(await state(), ['30', false])
    await onFeedStateUpdated(
      store,
      {
        chainId: CHAIN,
        feed: addr('fe'),
        change: { acceptingRequests: true },
        blockNumber: 22n,
        logIndex: 0,
      },
      logger,
    )
    assert.deepEqual(await state(), ['30', true])
    for (const [chainId, feed] of [
      [CHAIN, addr('f9')],
      [1, addr('fe')],
    ] as const) {
      const unknown = await onFeedStateUpdated(
        store,
        { chainId, feed, change: { priceWei: '1' }, blockNumber: 23n, logIndex: 0 },
        logger,
      )
      assert.ok('ignored' in unknown)
      assert.match(unknown.ignored, /not a known feed/)
    }
    assert.deepEqual(await state(), ['30', true], 'a log of another feed or chain changes nothing here')
  })
})
