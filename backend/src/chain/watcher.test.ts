import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { demoLinearCurve } from '@veritree/contracts/curves'
import { deployVeritree } from '@veritree/contracts/deploy'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import type { Address, Hex } from 'viem'
import { type Harness, startHarness, TEST_IMAGE_ID } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv, irisTestCsv } from '../testing/iris.ts'

describe('preview and the chain watcher', () => {
  let h: Harness
  let vendor: TestClient
  let customer: TestClient
  let dataset: { id: number; commitment: Hex }
  let market: Address

  before(async () => {
    h = await startHarness()
    vendor = h.client()
    customer = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    dataset = (
      await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', { body: irisCsv('train') })
    ).body.dataset
  })
  after(() => h.close())

  const preview = (c: TestClient, query: string, csv = irisTestCsv(), id = dataset.id) =>
    c.request('POST', `/datasets/${id}/preview?${query}`, { body: csv })

  it("ignores a stranger who registers the vendor's commitment, links the vendor's own market", async () => {
    // The factory takes each commitment once, so the stranger front-runs a second upload of the vendor's.
    const second = (
      await vendor.request('POST', '/datasets?name=Iris%20all&labelColumn=species', { body: irisCsv('all') })
    ).body.dataset
    const strangerMarket = await h.createMarket(h.stranger, second.commitment)
    await h.watcher.poll()
    assert.equal((await h.store.getDataset(second.id))?.link, null)
    const ignored = await h.store.listIgnoredEvents()
    assert.equal(ignored.length, 1)
    assert.equal(ignored[0]?.event, 'DatasetCreated')
    assert.match(ignored[0]?.reason ?? '', /no unlinked dataset/)
    assert.notEqual(strangerMarket, null)

    market = await h.createMarket(h.vendor, dataset.commitment)
    await h.watcher.poll()
    const linked = await h.store.getDataset(dataset.id)
    assert.equal(linked?.link?.market, market.toLowerCase())
    const view = (await h.client().request('GET', `/datasets/${dataset.id}`)).body.dataset
    assert.equal(view.market, market.toLowerCase())
    assert.equal(view.price, demoLinearCurve.basePrice.toString())
    assert.equal(view.sales, 0)
    const curve = (await h.client().request('GET', `/datasets/${dataset.id}/curve?points=3`)).body
    assert.deepEqual(
      curve.points.map((p: { price: string }) => p.price),
      [0n, 1n, 2n].map((n) => (demoLinearCurve.basePrice + n * demoLinearCurve.step).toString()),
    )
    const mine = (await vendor.request('GET', '/vendor/datasets')).body.datasets
    assert.equal(mine.length, 2)
    assert.equal(mine[0].earnings.withdrawable, '0')
    assert.equal(mine[1].market, null)
  })

  it('previews accuracy and price without returning the model, deterministically', async () => {
    const res = await preview(customer, 'maxDepth=4&minLeafSize=5&gainThreshold=0&thresholdBps=9000')
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const p = res.body
    // A 5-point bucket, never the exact count (issue 9, hole 3); `met` follows from the bucket.
    assert.equal(p.rows, 60)
    assert.equal(p.correct, undefined)
    assert.equal(p.accuracy.highBps - p.accuracy.lowBps, 500)
    assert.ok(p.accuracy.lowBps >= 8500, JSON.stringify(p.accuracy))
    assert.equal(p.met, p.accuracy.lowBps >= 9000)
    assert.equal(p.price, demoLinearCurve.basePrice.toString())
    assert.equal(p.market, market.toLowerCase())
    assert.match(p.quoteId, /^0x[0-9a-f]{64}$/)
    assert.match(p.testSetHash, /^0x[0-9a-f]{64}$/)
    assert.equal(p.model, undefined)
    assert.equal(p.modelHash, undefined)
    assert.match(p.terms.modelCommitment, /^0x[0-9a-f]{64}$/)
    assert.deepEqual(p.params, { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 0 })
    const again = (await preview(customer, 'maxDepth=4&minLeafSize=5&gainThreshold=0&thresholdBps=9000')).body
    assert.deepEqual(again.accuracy, p.accuracy)
    // The same model under a fresh salt: two quotes cannot be compared to learn whether models match.
    assert.notEqual(again.terms.modelCommitment, p.terms.modelCommitment)
    assert.equal(again.testSetHash, p.testSetHash)
    assert.notEqual(again.quoteId, p.quoteId)
  })

  it('rejects bad preview input with clear errors', async () => {
    const floor = await preview(customer, 'minLeafSize=2&thresholdBps=5000')
    assert.equal(floor.status, 400)
    assert.match(floor.body.error.message, /privacy floor/)
    assert.equal((await preview(customer, 'thresholdBps=10001')).status, 400)
    assert.equal((await preview(customer, 'maxDepth=0&thresholdBps=1')).status, 400)
    // The gain threshold is hashed in parts per million: more than 6 decimals cannot be represented.
    const gain = await preview(customer, 'gainThreshold=0.0000001&thresholdBps=5000')
    assert.equal(gain.status, 400)
    assert.equal(
      gain.body.error.message,
      'invalid preview parameters: gainThreshold: "0.0000001" has more than 6 decimals (it is kept in millionths)',
    )
    const range = await preview(customer, 'gainThreshold=1.5&thresholdBps=5000')
    assert.equal(
      range.body.error.message,
      'invalid preview parameters: gainThreshold: "1.5" is outside [0, 1]',
    )
    const unknown = await preview(customer, 'thresholdBps=5000', irisTestCsv().replace('setosa', 'rose'))
    assert.equal(unknown.status, 422)
    assert.equal(unknown.body.error.code, 'csv_unknown_class')
    assert.equal(unknown.body.error.details, undefined, 'details stay in the logs')
    const header = await preview(
      customer,
      'thresholdBps=5000',
      irisTestCsv().replace('sepal_width,', 'sepal_w,'),
    )
    assert.equal(header.body.error.code, 'csv_header_mismatch')
    assert.equal((await preview(customer, 'thresholdBps=5000', irisTestCsv(), 999)).status, 404)
  })

  it('records a matching JobOpened once, however often the log is read', async () => {
    const p = (await preview(customer, 'maxDepth=4&minLeafSize=5&gainThreshold=0&thresholdBps=9000')).body
    const terms = await h.termsFor(p.quoteId, { journalFormat: 2 })
    const jobId = await h.openJob(h.customer, market, terms)
    await h.watcher.poll()
    const job = await h.store.getJob(jobId)
    assert.equal(job?.state, 'opened')
    assert.deepEqual(job?.terms, {
      paramsHash: terms.paramsHash.toLowerCase(),
      modelCommitment: terms.modelCommitment.toLowerCase(),
      quoteExpiresAt: Number(terms.quoteExpiresAt),
      verifierId: 1,
      journalFormat: 2,
    })
    assert.equal(job?.customer, h.customer.account.address.toLowerCase())
    assert.equal(job?.priceWei, demoLinearCurve.basePrice.toString())
    // Replay: rewind the cursor and read the same blocks again.
    await h.store.setCursor('events', h.chain.deployment.factoryBlock)
    await h.watcher.poll()
    assert.equal((await h.store.listJobs({})).length, 1)
    const view = (await customer.request('GET', '/jobs?mine=1')).body.jobs
    assert.equal(view.length, 1)
    assert.equal(view[0].jobId, jobId)
    assert.equal((await h.client().request('GET', `/jobs/${jobId}`)).body.state, 'opened')
    // Downloads: not the customer → 403; not done → 409.
    assert.equal((await vendor.request('GET', `/jobs/${jobId}/model`)).status, 403)
    assert.equal((await customer.request('GET', `/jobs/${jobId}/model`)).status, 409)
    assert.equal((await customer.request('GET', `/jobs/${jobId}/receipt`)).status, 409)
    assert.equal((await h.client().request('GET', `/certificates/${jobId}`)).status, 409)
    assert.equal((await h.client().request('GET', `/jobs/0x${'00'.repeat(32)}`)).status, 404)

    // SSE: the current state first, then what the worker reports, closing after a terminal state.
    const res = await fetch(`${h.baseUrl}/jobs/${jobId}/events`, { signal: AbortSignal.timeout(10_000) })
    assert.equal(res.headers.get('content-type'), 'text/event-stream')
    const reader = res.body?.getReader()
    const first = new TextDecoder().decode((await reader?.read())?.value)
    assert.match(first, /event: state\ndata: \{"state":"opened"/)
    h.events.emit(jobId, { type: 'progress', progress: { phase: 'proving', fraction: 0.5, at: 1 } })
    h.events.emit(jobId, { type: 'state', state: 'failed', error: { code: 'internal', message: 'test' } })
    let rest = ''
    for (;;) {
      const chunk = await reader?.read()
      if (!chunk || chunk.done) break
      rest += new TextDecoder().decode(chunk.value)
    }
    assert.match(rest, /event: progress\ndata: \{"phase":"proving","fraction":0.5/)
    assert.match(
      rest,
      /event: state\ndata: \{"state":"failed","error":\{"code":"internal","message":"test"\}\}/,
    )
  })

  it('records paid jobs whose terms differ from the quote (to refund them), never reads foreign markets', async () => {
    const p = (await preview(customer, 'thresholdBps=5000')).body
    const terms = await h.termsFor(p.quoteId)
    const before = (await h.store.listIgnoredEvents()).length
    // Money moved in each case, so each is recorded; the pipeline's first step refunds them (jobs/refund.test.ts).
    await h.openJob(h.stranger, market, terms)
    await h.openJob(h.customer, market, { ...terms, thresholdBps: 4000 })
    await h.openJob(h.customer, market, { ...terms, quoteId: `0x${'02'.repeat(32)}` })
    // A market made by another factory, with the same commitment and a real quote id: not even read.
    const other = await deployVeritree({
      walletClient: h.chain.wallets[0] as never,
      publicClient: h.chain.publicClient,
      imageId: TEST_IMAGE_ID,
    })
    const { result: foreign, request } = await h.chain.publicClient.simulateContract({
      account: h.vendor.account,
      address: other.factory,
      abi: datasetFactoryAbi,
      functionName: 'createDataset',
      args: [dataset.commitment, demoLinearCurve, 'ipfs://x'],
    })
    await h.chain.publicClient.waitForTransactionReceipt({ hash: await h.vendor.writeContract(request) })
    await h.openJob(h.customer, foreign, terms)
    await h.watcher.poll()

    assert.equal((await h.store.listIgnoredEvents()).length, before, 'nothing from the foreign market')
    const jobs = await h.store.listJobs({})
    assert.equal(jobs.length, 4)
    assert.ok(jobs.every((j) => j.market === market.toLowerCase()))
    assert.ok(jobs.slice(0, 3).every((j) => j.state === 'opened'))
  })
})
