import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { encodeInputs, inputsHash } from '@veritree/core/canonical'
import pino from 'pino'
import type { Address, Hex } from 'viem'
import { onFeedCreated } from '../chain/onFeedCreated.ts'
import type { FeedRecord } from '../db/index.ts'
import { MAX_INPUTS_BYTES } from '../feeds/limits.ts'
import { type Harness, startHarness } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv } from '../testing/iris.ts'

const hex = (byte: string): Hex => `0x${byte.repeat(32)}`
const addr = (byte: string): Address => `0x${byte.repeat(20)}`
const HEADER = 'sepal_length,sepal_width,petal_length,petal_width'
const csv = (rows: string[], header = HEADER) => `${[header, ...rows].join('\n')}\n`
/** The inputs hash of these rows (fixed-point values), by the core's canonical encoding. */
const hashOf = (rows: bigint[][]): Hex =>
  inputsHash(
    encodeInputs({
      rows: rows.length,
      features: rows[0]?.length ?? 0,
      values: BigInt64Array.from(rows.flat()),
    }),
  )

describe('feed routes', () => {
  let h: Harness
  let consumer: TestClient
  let other: TestClient
  let feed: FeedRecord
  const logger = pino({ level: 'silent' })

  /** A job of ours for the dataset, trained (met or not), and its listing from a FeedCreated log. */
  const listedSale = async (jobByte: string, feedAddress: Address, met: boolean) => {
    const [dataset] = await h.store.listDatasets()
    const job = await h.store.insertJob(
      {
        chainId: h.chain.chainId,
        market: addr('cc'),
        jobId: hex(jobByte),
        datasetId: dataset?.id ?? 0,
        quoteId: hex('0a'),
        customer: h.customer.account.address,
        testSetHash: hex('dd'),
        thresholdBps: 5000,
        priceWei: '1',
        deadline: 9,
        openedBlock: 1n,
        openedTx: hex(jobByte),
        terms: null,
      },
      1,
    )
    assert.ok(job)
    assert.equal((await h.store.claimJob('t', Date.now(), 60_000))?.pk, job.pk)
    const training = {
      model: new Uint8Array([1]),
      modelHash: hex('ee'),
      correct: met ? 9 : 1,
      total: 10,
      met,
    }
    assert.ok(await h.store.advanceJob(job.pk, 't', 'opened', 'proving', { training }, Date.now()))
    return onFeedCreated(
      h.store,
      {
        chainId: h.chain.chainId,
        market: addr('cc'),
        jobId: hex(jobByte),
        owner: h.customer.account.address,
        feed: feedAddress,
        modelHash: hex('ee'),
        pricePerPrediction: 7n,
        royaltyBps: 500,
        blockNumber: 2n,
        txHash: hex(`f${jobByte[1]}`),
        logIndex: 0,
      },
      logger,
    )
  }
  const upload = (c: TestClient, body: string, address: string = feed.address, contentType = 'text/csv') =>
    c.request('POST', `/feeds/${address}/inputs`, { body, contentType })

  before(async () => {
    h = await startHarness({
      overrides: {
        maxUploadBytes: 32 * 1024,
        // Two unpaid uploads per wallet, so the quota attack below is short.
        feedInputs: { graceMs: 60 * 60 * 1000, maxPerWallet: 2, maxBytesPerWallet: MAX_INPUTS_BYTES },
      },
    })
    const vendor = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    const res = await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', {
      body: irisCsv('train'),
    })
    assert.equal(res.status, 201)
    consumer = h.client()
    await signIn(consumer, h.stranger, h.chain.chainId)
    other = h.client()
    await signIn(other, h.vendor, h.chain.chainId)
    const listed = await listedSale('01', addr('fe'), true)
    assert.ok('feed' in listed)
    feed = listed.feed
  })
  after(() => h.close())

  it('lists feeds and shows one with its sale certificate; unknown or malformed ids are clear errors', async () => {
    const list = await h.client().request('GET', '/feeds')
    assert.equal(list.status, 200)
    assert.equal(list.body.feeds.length, 1)
    const one = await h.client().request('GET', `/feeds/${feed.address.toUpperCase().replace('0X', '0x')}`)
    assert.equal(one.status, 200)
    assert.equal(one.body.feed.modelHash, hex('ee'))
    assert.equal(one.body.feed.saleCertificate, `/certificates/${hex('01')}`)
    assert.deepEqual(one.body.feed.features, HEADER.split(','))
    assert.equal(one.body.feed.pricePerPrediction, '7', 'no contract at this address: the listing price')
    assert.equal(one.body.feed.maxCount, 512)
    assert.deepEqual(one.body.requests, [])
    assert.equal((await h.client().request('GET', `/feeds?owner=${addr('99')}`)).body.feeds.length, 0)
    for (const [path, status] of [
      [`/feeds/${addr('99')}`, 404],
      ['/feeds/0x1234', 400],
      ['/feeds?owner=me', 400],
      [`/feed-requests/${hex('99')}`, 404],
      ['/feed-requests/0xzz', 400],
      [`/feed-certificates/${hex('99')}`, 404],
      ['/feed-certificates/0x12', 400],
    ] as const) {
      const res = await h.client().request('GET', path)
      assert.equal(res.status, status, path)
      assert.ok(res.body.error.message, path)
    }
  })

  it('does not list a feed of a sale whose threshold was not met: reading it or uploading to it is 404', async () => {
    const listed = await listedSale('02', addr('fd'), false)
    assert.ok('ignored' in listed)
    assert.equal((await h.client().request('GET', `/feeds/${addr('fd')}`)).status, 404)
    assert.equal((await upload(consumer, csv(['5.1,3.5,1.4,0.2']), addr('fd'))).status, 404)
  })

  it('stores inputs and answers their hash, count and price; a request waiting for them starts proving', async () => {
    const rows = ['5.1,3.5,1.4,0.2', '6.7,3.0,5.2,2.3']
    const expected = hashOf([
      [5_100_000n, 3_500_000n, 1_400_000n, 200_000n],
      [6_700_000n, 3_000_000n, 5_200_000n, 2_300_000n],
    ])
    const paid = await h.store.insertFeedRequest(
      {
        feedPk: feed.pk,
        requestId: hex('a1'),
        customer: h.stranger.account.address,
        inputsHash: expected,
        count: 2,
        priceWei: '14',
        deadline: 99,
        verifierId: 1,
        openedBlock: 3n,
        openedTx: hex('a1'),
      },
      Date.now(),
    )
    assert.equal(paid?.state, 'awaiting_inputs')
    const res = await upload(consumer, csv(rows))
    assert.equal(res.status, 201, JSON.stringify(res.body))
    assert.deepEqual(res.body, {
      feed: feed.address,
      inputsHash: expected,
      count: 2,
      pricePerPrediction: '7',
      price: '14',
    })
    const request = await other.request('GET', `/feed-requests/${hex('a1')}`)
    assert.equal(request.status, 200)
    assert.equal(request.body.state, 'proving')
    assert.equal(request.body.predictions, null, 'nothing is proven yet')
    const early = await other.request('GET', `/feed-certificates/${hex('a1')}`)
    assert.equal(early.status, 409)
    assert.equal(early.body.error.code, 'certificate_not_ready')
    // Another wallet sees the request but never the rows (only their hash): no field carries them,
    // in any encoding (the stored canonical bytes, as hex, appear nowhere in the answer).
    const stored = await h.store.getFeedInputs(feed.pk, expected)
    assert.ok(stored)
    assert.ok(!('inputs' in request.body))
    const rowsHex = Buffer.from(stored.inputs.subarray(8)).toString('hex')
    assert.ok(!JSON.stringify(request.body).toLowerCase().includes(rowsHex.slice(0, 32)))
    const history = await h.client().request('GET', `/feeds/${feed.address}`)
    assert.deepEqual(
      history.body.requests.map((r: { requestId: Hex }) => r.requestId),
      [hex('a1')],
    )
  })

  it('refuses every bad upload with a clear error and stores nothing', async () => {
    const good = '5.0,3.0,1.0,0.5'
    const waiting = hashOf([[5_000_000n, 3_000_000n, 1_000_000n, 500_000n]])
    await h.store.insertFeedRequest(
      {
        feedPk: feed.pk,
        requestId: hex('a2'),
        customer: h.stranger.account.address,
        inputsHash: waiting,
        count: 1,
        priceWei: '7',
        deadline: 99,
        verifierId: 1,
        openedBlock: 4n,
        openedTx: hex('a2'),
      },
      Date.now(),
    )
    const manyRows = Array.from({ length: 513 }, () => good)
    const cases: Array<{
      name: string
      send: () => ReturnType<typeof upload>
      status: number
      code: string
    }> = [
      {
        name: 'not signed in',
        send: () => upload(h.client(), csv([good])),
        status: 401,
        code: 'unauthenticated',
      },
      {
        name: 'the label column included',
        send: () => upload(consumer, csv([`${good},setosa`], `${HEADER},species`)),
        status: 422,
        code: 'csv_header_mismatch',
      },
      {
        name: 'columns in another order',
        send: () => upload(consumer, csv([good], 'sepal_width,sepal_length,petal_length,petal_width')),
        status: 422,
        code: 'csv_header_mismatch',
      },
      {
        name: 'a missing column',
        send: () => upload(consumer, csv(['5,3,1'], 'sepal_length,sepal_width,petal_length')),
        status: 422,
        code: 'csv_header_mismatch',
      },
      {
        name: 'a non-numeric cell',
        send: () => upload(consumer, csv(['5,x,1,1'])),
        status: 422,
        code: 'csv_non_numeric',
      },
      {
        name: 'a ragged row',
        send: () => upload(consumer, csv(['5,3,1'])),
        status: 422,
        code: 'csv_ragged_row',
      },
      {
        name: 'an empty cell',
        send: () => upload(consumer, csv(['5,,1,1'])),
        status: 422,
        code: 'csv_empty_value',
      },
      { name: 'a header only', send: () => upload(consumer, csv([])), status: 422, code: 'csv_too_few_rows' },
      { name: 'an empty body', send: () => upload(consumer, ''), status: 422, code: 'csv_empty_file' },
      {
        name: 'unterminated quote',
        send: () => upload(consumer, csv(['"5,3,1,1'])),
        status: 422,
        code: 'csv_unterminated_quote',
      },
      {
        name: 'more rows than MAX_COUNT',
        send: () => upload(consumer, csv(manyRows)),
        status: 413,
        code: 'csv_too_many_rows',
      },
      {
        name: 'a body over the size limit',
        send: () => upload(consumer, csv(Array.from({ length: 3000 }, () => good))),
        status: 413,
        code: 'payload_too_large',
      },
      {
        name: 'not text/csv',
        send: () => upload(consumer, csv([good]), feed.address, 'application/octet-stream'),
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: 'an unknown feed',
        send: () => upload(consumer, csv([good]), addr('99')),
        status: 404,
        code: 'not_found',
      },
      {
        name: 'a malformed feed address',
        send: () => upload(consumer, csv([good]), '0xfe'),
        status: 400,
        code: 'invalid_input',
      },
    ]
    for (const c of cases) {
      const res = await c.send()
      assert.equal(res.status, c.status, `${c.name}: ${JSON.stringify(res.body)}`)
      assert.equal(res.body.error.code, c.code, c.name)
      assert.ok(res.body.error.message.length > 0, c.name)
    }
    assert.equal(await h.store.getFeedInputs(feed.pk, waiting), null, 'no refused upload was stored')
    assert.equal((await h.store.getFeedRequest(hex('a2')))?.state, 'awaiting_inputs')
    // 512 rows is the contract's bound and is accepted.
    const full = await upload(consumer, csv(Array.from({ length: 512 }, () => good)))
    assert.equal(full.status, 201, JSON.stringify(full.body))
    assert.equal(full.body.count, 512)
    assert.equal(full.body.price, (512n * 7n).toString())
  })

  it('attack: a wallet uploading rows it never pays for is stopped at its quota with a clear 429, nothing stored', async () => {
    const uploader = h.client()
    await signIn(uploader, h.customer, h.chain.chainId)
    for (const row of ['4.0,3.0,1.0,0.1', '4.0,3.0,1.0,0.2']) {
      const ok = await upload(uploader, csv([row]))
      assert.equal(ok.status, 201, JSON.stringify(ok.body))
    }
    const refused = await upload(uploader, csv(['4.0,3.0,1.0,0.3']))
    assert.equal(refused.status, 429, JSON.stringify(refused.body))
    assert.equal(refused.body.error.code, 'feed_inputs_quota')
    assert.match(refused.body.error.message, /already holds 2 uploaded inputs .* no pending request names/)
    assert.match(refused.body.error.message, /the limit is 2 uploads/)
    assert.match(refused.body.error.message, /deleted 60 min after their upload/)
    const retryAfter = Number(refused.headers.get('retry-after'))
    assert.ok(retryAfter > 3500 && retryAfter <= 3660, `Retry-After ${retryAfter}`)
    const third = hashOf([[4_000_000n, 3_000_000n, 1_000_000n, 300_000n]])
    assert.equal(await h.store.getFeedInputs(feed.pk, third), null, 'nothing stored')
    // Re-sending rows it already holds stores nothing new: still accepted.
    assert.equal((await upload(uploader, csv(['4.0,3.0,1.0,0.2']))).status, 201)
    // Another wallet is not held back by this one.
    assert.equal((await upload(other, csv(['4.0,3.0,1.0,0.3']))).status, 201)
  })

  it("shows the owner's price and pause in every view; a paused feed refuses rows nobody paid for (409)", async () => {
    assert.ok(await h.store.updateFeedState(h.chain.chainId, feed.address, { priceWei: '9' }))
    assert.ok(await h.store.updateFeedState(h.chain.chainId, feed.address, { acceptingRequests: false }))
    const list = (await h.client().request('GET', '/feeds')).body.feeds
    const one = (await h.client().request('GET', `/feeds/${feed.address}`)).body.feed
    for (const view of [list[0], one]) {
      assert.equal(view.pricePerPrediction, '9')
      assert.equal(view.acceptingRequests, false)
    }
    const closed = await upload(consumer, csv(['4.5,3.0,1.0,0.1']))
    assert.equal(closed.status, 409, JSON.stringify(closed.body))
    assert.equal(closed.body.error.code, 'feed_closed')
    assert.match(closed.body.error.message, /paused by its owner .* nothing was stored/)
    const rows = hashOf([[4_500_000n, 3_000_000n, 1_000_000n, 100_000n]])
    assert.equal(await h.store.getFeedInputs(feed.pk, rows), null)
    assert.ok(await h.store.updateFeedState(h.chain.chainId, feed.address, { acceptingRequests: true }))
    const open = await upload(consumer, csv(['4.5,3.0,1.0,0.1']))
    assert.equal(open.status, 201, JSON.stringify(open.body))
    assert.equal(open.body.pricePerPrediction, '9', 'no contract here: the recorded price')
  })
})
