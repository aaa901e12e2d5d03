/**
 * DEV MODE (no RISC Zero receipt): a sale, its model listed as a feed, and prediction requests through
 * the feed pipeline in-process against a real chain and the local HCS node. The inference prover is a
 * stand-in that computes the format-3 journal with the guest's own rules (`predictInputs` and the
 * canonical encodings from @veritree/core); the verifier aggregates the statement without checking a
 * receipt. Everything after the proof is real: the aggregation contract, InferenceFeed.settle, the
 * royalty split, refundUnprovable and HCS.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import {
  decodeInputs,
  decodeModel,
  decodeTable,
  encodeInferenceJournal,
  encodeJournal,
  encodePredictions,
  evaluate,
  inputsHash,
  modelHash,
  predictInputs,
  predictionsHash,
  thresholdMet,
} from '@veritree/core/canonical'
import pino from 'pino'
import { type Address, bytesToHex, type Hex, sha256 } from 'viem'
import { checkFeedCertificate } from '../certificate/checkCertificate.ts'
import { readFeedRequest } from '../chain/feed.ts'
import { createChainWatcher } from '../chain/watcher.ts'
import { createHederaTimestampLog, type HederaTimestampLog } from '../hcs/hederaTimestampLog.ts'
import { type LocalHcsNode, startLocalHcsNode } from '../hcs/localNode/startLocalHcsNode.ts'
import type { PipelineDeps, Prover } from '../jobs/deps.ts'
import { createJobWorker } from '../jobs/worker.ts'
import { type Harness, startHarness, TEST_IMAGE_ID } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv, irisTestCsv } from '../testing/iris.ts'
import { openSqliteAggregationIdStore } from '../zkverify/aggregationIdStore.ts'
import { createLocalVerifier, type LocalVerifier } from '../zkverify/localVerifier.ts'
import type { FeedPipelineDeps, InferenceProver } from './deps.ts'
import { expireUnknownInputs } from './expireInputs.ts'
import { createFeedWorker } from './worker.ts'

/** Dev mode, format 1: the accuracy journal the guest would commit for the sale. */
const saleProver: Prover = {
  async prove(request) {
    if (request.format !== 1) throw new Error('format 1 only here')
    const { correct, total } = evaluate(decodeModel(request.modelBytes), decodeTable(request.testSetBytes))
    const journal = encodeJournal({
      format: 1,
      jobId: request.jobId,
      modelHash: modelHash(request.modelBytes),
      testSetHash: sha256(request.testSetBytes),
      correct,
      total,
      thresholdBps: request.thresholdBps,
      met: thresholdMet(correct, total, request.thresholdBps),
    })
    mkdirSync(request.workDir, { recursive: true })
    const receiptPath = join(request.workDir, 'receipt.devmode')
    writeFileSync(receiptPath, 'dev mode: no receipt')
    return { imageId: TEST_IMAGE_ID, journal, receiptPath }
  },
}

/** Dev mode, format 3: the guest's predictions and journal; `tamper` plays a guest that lies. */
function inferenceProver(tamper: { modelHash?: Hex; flipFirst?: boolean } = {}): InferenceProver {
  return {
    async proveInference(request) {
      const predictions = Array.from(
        predictInputs(decodeModel(request.modelBytes), decodeInputs(request.inputsBytes)),
      )
      const bytes = encodePredictions(predictions)
      const journal = encodeInferenceJournal({
        format: 3,
        requestId: request.requestId,
        modelHash: tamper.modelHash ?? modelHash(request.modelBytes),
        inputsHash: inputsHash(request.inputsBytes),
        count: predictions.length,
        predictionsHash: predictionsHash(bytes),
      })
      if (tamper.flipFirst) bytes[0] = (bytes[0] as number) ^ 1
      mkdirSync(request.workDir, { recursive: true })
      const receiptPath = join(request.workDir, 'receipt.devmode')
      writeFileSync(receiptPath, 'dev mode: no receipt')
      return { imageId: TEST_IMAGE_ID, journal, receiptPath, predictions: bytesToHex(bytes) }
    },
  }
}

describe('dev mode feed pipeline: list a bought model, prove predictions, refunds', {
  timeout: 5 * 60_000,
}, () => {
  let h: Harness
  let hcs: LocalHcsNode
  let hcsLog: HederaTimestampLog
  let verifier: LocalVerifier
  let consumer: TestClient
  let feed: Address
  let saleJobId: Hex
  const PRICE = 1_000n

  const base = () => ({
    store: h.store,
    verifier,
    timestampLog: hcsLog,
    publicClient: h.chain.publicClient,
    walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
    factory: h.chain.deployment.factory,
    proverImageId: async () => TEST_IMAGE_ID,
    workDir: join(h.dataDir, 'jobs'),
    events: h.events,
    logger: pino({ level: 'silent' }),
    proveTimeoutMs: 60_000,
  })
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + 120_000
    for (;;) {
      const value = await read()
      if (done(value)) return value
      if (Date.now() > deadline)
        throw new Error(`${what}: ${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  const runRequest = async (
    requestId: Hex,
    prover = inferenceProver(),
    overrides: Partial<FeedPipelineDeps> = {},
  ) => {
    const worker = createFeedWorker(
      { ...base(), inferenceProver: prover, ...overrides } satisfies FeedPipelineDeps,
      {
        pollMs: 20,
        baseRetryDelayMs: 5,
        maxRetryDelayMs: 20,
      },
    )
    worker.start()
    try {
      const ended = await until(
        () => h.store.getFeedRequest(requestId),
        (r) => !!r && ['done', 'refunded', 'failed'].includes(r.state),
        'request',
      )
      assert.ok(ended)
      return ended
    } finally {
      await worker.stop()
    }
  }
  /** Sends requestPredictions from `wallet` for these rows' hash and count; returns the request id. */
  const requestPredictions = async (wallet: Harness['stranger'], hash: Hex, count: number): Promise<Hex> => {
    const price = PRICE * BigInt(count)
    const { result, request } = await h.chain.publicClient.simulateContract({
      account: wallet.account,
      address: feed,
      abi: inferenceFeedAbi,
      functionName: 'requestPredictions',
      args: [hash, count, price],
      value: price,
    })
    await h.chain.publicClient.waitForTransactionReceipt({ hash: await wallet.writeContract(request) })
    await h.watcher.poll()
    return result
  }

  before(async () => {
    h = await startHarness()
    hcs = await startLocalHcsNode({ dbPath: join(h.dataDir, 'hcs.sqlite') })
    hcsLog = await createHederaTimestampLog({
      network: 'local',
      grpcEndpoint: hcs.grpcEndpoint,
      operatorId: hcs.operatorId,
      operatorKey: hcs.operatorKey,
      mirrorUrl: hcs.mirrorUrl,
    })
    const ids = openSqliteAggregationIdStore(':memory:')
    verifier = createLocalVerifier({
      publicClient: h.chain.publicClient,
      walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
      aggregationAddress: h.chain.deployment.zkVerify,
      domainId: 0n,
      verifyReceipt: async () => undefined,
      batch: { maxSize: 1, maxWaitMs: 0 },
      store: ids,
    })
    // A sale that met its threshold: the customer owns the model.
    const vendor = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    const customer = h.client()
    await signIn(customer, h.customer, h.chain.chainId)
    const dataset = (
      await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', { body: irisCsv('train') })
    ).body.dataset
    const market = await h.createMarket(h.vendor, dataset.commitment)
    await h.watcher.poll()
    const quote = await customer.request('POST', `/datasets/${dataset.id}/preview?thresholdBps=5000`, {
      body: irisTestCsv(),
    })
    assert.equal(quote.status, 200, JSON.stringify(quote.body))
    saleJobId = await h.openJob(h.customer, market, await h.termsFor(quote.body.quoteId))
    await h.watcher.poll()
    const worker = createJobWorker(
      { ...base(), dataKey: h.dataKey, prover: saleProver, trainTimeoutMs: 60_000 },
      { pollMs: 20, baseRetryDelayMs: 5, maxRetryDelayMs: 20 },
    )
    worker.start()
    await until(
      () => h.store.getJob(saleJobId),
      (j) => j?.state === 'done',
      'sale',
    ).finally(() => worker.stop())
    // The customer lists it; the watcher records the feed.
    const { result, request } = await h.chain.publicClient.simulateContract({
      account: h.customer.account,
      address: h.chain.deployment.factory,
      abi: datasetFactoryAbi,
      functionName: 'createFeed',
      args: [market, saleJobId, PRICE],
    })
    await h.chain.publicClient.waitForTransactionReceipt({ hash: await h.customer.writeContract(request) })
    feed = result
    await h.watcher.poll()
    consumer = h.client()
    await signIn(consumer, h.stranger, h.chain.chainId)
  })
  after(async () => {
    hcsLog?.close()
    await hcs?.close()
    await h.close()
  })

  it('lists the feed with the sale behind it, and proves, settles and timestamps a paid request', async () => {
    const listed = (await h.client().request('GET', `/feeds/${feed}`)).body.feed
    assert.equal(listed.saleJobId, saleJobId)
    assert.equal(listed.modelHash, (await h.store.getJob(saleJobId))?.training?.modelHash)
    assert.equal(listed.pricePerPrediction, PRICE.toString())
    assert.equal(listed.acceptingRequests, true)

    const csv = `${listed.features.join(',')}\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n5.9,3.0,4.2,1.5\n`
    const upload = await consumer.request('POST', `/feeds/${feed}/inputs`, { body: csv })
    assert.equal(upload.status, 201, JSON.stringify(upload.body))
    assert.equal(upload.body.price, (3n * PRICE).toString())
    const requestId = await requestPredictions(h.stranger, upload.body.inputsHash, 3)
    assert.equal((await h.store.getFeedRequest(requestId))?.state, 'proving')

    const done = await runRequest(requestId)
    assert.equal(done.state, 'done', JSON.stringify(done.error))
    const view = (await h.client().request('GET', `/feed-requests/${requestId}`)).body
    assert.deepEqual(view.predictions.labels, ['setosa', 'virginica', 'versicolor'])
    assert.equal(view.certificate, `/feed-certificates/${requestId}`)
    assert.ok(view.timestamp)
    // The contract stores the same proven predictions for any contract to read.
    const onChain = await h.chain.publicClient.readContract({
      address: feed,
      abi: inferenceFeedAbi,
      functionName: 'predictionsOf',
      args: [requestId],
    })
    assert.equal(onChain, view.predictions.bytes)
    // The owner and the dataset's vendor were paid.
    const [owner, vendor] = await Promise.all(
      [h.customer, h.vendor].map((w) =>
        h.chain.publicClient.readContract({
          address: feed,
          abi: inferenceFeedAbi,
          functionName: 'balances',
          args: [w.account.address],
        }),
      ),
    )
    const royalty = (3n * PRICE * BigInt(listed.royaltyBps)) / 10_000n
    assert.equal(vendor, royalty, 'the dataset vendor gets the market royalty')
    assert.ok((owner ?? 0n) > 0n && (owner ?? 0n) <= 3n * PRICE - royalty, `owner ${owner}`)
    const history = (await h.client().request('GET', `/feeds/${feed}`)).body.requests
    assert.equal(history[0].requestId, requestId)
    // The certificate: its statement is the aggregated one, and its HCS message is the mirror's.
    const cert = await h.client().request('GET', `/feed-certificates/${requestId}`)
    assert.equal(cert.status, 200, JSON.stringify(cert.body))
    assert.equal(cert.body.model.modelHash, listed.modelHash)
    assert.equal(cert.body.model.saleCertificate, `/certificates/${saleJobId}`)
    assert.equal(cert.body.inputsHash, upload.body.inputsHash)
    assert.deepEqual(cert.body.predictions.labels, view.predictions.labels)
    assert.equal(cert.body.proof.statement, done.verification?.aggregation?.statement)
    assert.equal(cert.body.settleTx, done.settlement?.tx)
    const mirror = await fetch(`${hcs.mirrorUrl}/api/v1/topics/${hcsLog.topicId}/messages?limit=100`)
    const messages = (
      (await mirror.json()) as { messages: Array<{ message: string; sequence_number: number }> }
    ).messages
    const ours = messages.find(
      (m) => Buffer.from(m.message, 'base64').toString('utf8') === cert.body.hcsMessage,
    )
    assert.ok(ours, 'the certificate names the message HCS timestamped')
    assert.equal(String(ours.sequence_number), cert.body.timestamp.sequenceNumber)
    assert.equal(JSON.parse(cert.body.hcsMessage).kind, 'inference')
    // The checker the certificate page and `npm run verify-receipt` run passes the certificate against
    // this chain and this mirror; only receipt.verify is skipped (dev mode has no receipt to verify).
    const checks = await checkFeedCertificate(cert.body, {
      publicClient: h.chain.publicClient,
      mirrorUrl: hcs.mirrorUrl,
    })
    assert.deepEqual(
      checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.detail]),
      [['receipt.verify', 'skipped', 'needs the RISC Zero host CLI (run `npm run verify-receipt`)']],
    )
  })

  it('attack: a proof of another model, or predictions that are not the journal’s, refunds the consumer', async () => {
    for (const [tamper, byte] of [
      [{ modelHash: `0x${'ab'.repeat(32)}` as Hex }, '01'],
      [{ flipFirst: true }, '02'],
    ] as const) {
      const csv = `sepal_length,sepal_width,petal_length,petal_width\n${byte}.5,3,1,0.2\n`
      const upload = await consumer.request('POST', `/feeds/${feed}/inputs`, { body: csv })
      const requestId = await requestPredictions(h.stranger, upload.body.inputsHash, 1)
      const ended = await runRequest(requestId, inferenceProver(tamper))
      assert.equal(ended.state, 'refunded', JSON.stringify(ended.error))
      assert.equal(ended.refund?.reason, UNPROVABLE_REASON.PROVER_FAILED)
      assert.equal((await readFeedRequest(h.chain.publicClient, feed, requestId)).status, 'Unprovable')
      const view = (await h.client().request('GET', `/feed-requests/${requestId}`)).body
      assert.equal(view.predictions, null)
      const cert = await h.client().request('GET', `/feed-certificates/${requestId}`)
      assert.equal(cert.status, 409)
      assert.equal(cert.body.error.code, 'certificate_not_ready')
    }
  })

  it('attack: a request verified against another image is refunded before proving (VERIFIER_MISMATCH)', async () => {
    const csv = 'sepal_length,sepal_width,petal_length,petal_width\n4.4,2.9,1.4,0.2\n'
    const upload = await consumer.request('POST', `/feeds/${feed}/inputs`, { body: csv })
    const requestId = await requestPredictions(h.stranger, upload.body.inputsHash, 1)
    let proved = 0
    const counting: InferenceProver = {
      proveInference: (r) => {
        proved += 1
        return inferenceProver().proveInference(r)
      },
    }
    const ended = await runRequest(requestId, counting, { proverImageId: async () => `0x${'22'.repeat(32)}` })
    assert.equal(ended.state, 'refunded', JSON.stringify(ended.error))
    assert.equal(ended.refund?.reason, UNPROVABLE_REASON.VERIFIER_MISMATCH)
    assert.equal(proved, 0, 'nothing was proven')
  })

  it('a request whose rows nobody uploaded waits, then is refunded after the grace period', async () => {
    const requestId = await requestPredictions(h.stranger, `0x${'5e'.repeat(32)}`, 2)
    assert.equal((await h.store.getFeedRequest(requestId))?.state, 'awaiting_inputs')
    assert.deepEqual(
      await expireUnknownInputs(h.store, Date.now(), 60_000),
      [],
      'still within the grace period',
    )
    const expired = await expireUnknownInputs(h.store, Date.now(), 0)
    assert.deepEqual(
      expired.map((r) => r.requestId),
      [requestId],
    )
    const ended = await runRequest(requestId)
    assert.equal(ended.state, 'refunded', JSON.stringify(ended.error))
    assert.equal(ended.refund?.reason, UNPROVABLE_REASON.TERMS_MISMATCH)
    const chain = await readFeedRequest(h.chain.publicClient, feed, requestId)
    assert.equal(chain.status, 'Unprovable')
    const credited = await h.chain.publicClient.readContract({
      address: feed,
      abi: inferenceFeedAbi,
      functionName: 'balances',
      args: [h.stranger.account.address],
    })
    assert.ok(credited >= 2n * PRICE, `the consumer is credited the full price (${credited})`)
  })

  it("the owner's price and pause reach the views through the watcher; nobody else can change them", async () => {
    /** The owner's calls from `wallet`, simulated (so a revert rejects with its custom error), mined, read. */
    const write = async (wallet: Harness['customer'], change: { price: bigint } | { accepting: boolean }) => {
      const base = { account: wallet.account, address: feed, abi: inferenceFeedAbi } as const
      const hash =
        'price' in change
          ? await wallet.writeContract(
              (
                await h.chain.publicClient.simulateContract({
                  ...base,
                  functionName: 'setPrice',
                  args: [change.price],
                })
              ).request,
            )
          : await wallet.writeContract(
              (
                await h.chain.publicClient.simulateContract({
                  ...base,
                  functionName: 'setAcceptingRequests',
                  args: [change.accepting],
                })
              ).request,
            )
      await h.chain.publicClient.waitForTransactionReceipt({ hash })
      await h.watcher.poll()
    }
    const views = async () => {
      const one = (await h.client().request('GET', `/feeds/${feed}`)).body.feed
      const listed = (await h.client().request('GET', '/feeds')).body.feeds.find(
        (f: { address: string }) => f.address === one.address,
      )
      assert.deepEqual(listed, one, 'the list and the feed page agree')
      return [one.pricePerPrediction, one.acceptingRequests]
    }
    await assert.rejects(write(h.stranger, { price: 1n }), /NotFeedOwner/, 'only the owner sets the price')
    await assert.rejects(write(h.stranger, { accepting: false }), /NotFeedOwner/)
    await assert.rejects(write(h.customer, { price: 0n }), /ZeroPrice/)
    assert.deepEqual(await views(), [PRICE.toString(), true])

    await write(h.customer, { price: 3n * PRICE })
    assert.deepEqual(await views(), [(3n * PRICE).toString(), true])
    await write(h.customer, { accepting: false })
    assert.deepEqual(await views(), [(3n * PRICE).toString(), false])
    // Closed: new rows are refused before anything is stored, and the contract refuses payment.
    const csv = 'sepal_length,sepal_width,petal_length,petal_width\n4.6,3.1,1.5,0.2\n'
    const closed = await consumer.request('POST', `/feeds/${feed}/inputs`, { body: csv })
    assert.equal(closed.status, 409, JSON.stringify(closed.body))
    assert.equal(closed.body.error.code, 'feed_closed')
    await assert.rejects(requestPredictions(h.stranger, `0x${'6e'.repeat(32)}`, 1), /FeedClosed/)

    await write(h.customer, { accepting: true })
    assert.deepEqual(await views(), [(3n * PRICE).toString(), true])
    const open = await consumer.request('POST', `/feeds/${feed}/inputs`, { body: csv })
    assert.equal(open.status, 201, JSON.stringify(open.body))
    assert.equal(open.body.price, (3n * PRICE).toString(), 'the upload quotes the new price')
    await write(h.customer, { price: PRICE })
    assert.deepEqual(await views(), [PRICE.toString(), true])

    // A feed recorded before the owners' events were indexed (migration 6 marks it state_known = 0,
    // with the listing's values) is read from the chain once by the next watcher to start.
    const raw = new DatabaseSync(join(h.dataDir, 'veritree.sqlite'))
    raw
      .prepare("UPDATE feeds SET state_known = 0, price_wei = '1', accepting_requests = 0 WHERE address = ?")
      .run(feed.toLowerCase())
    raw.close()
    assert.deepEqual(await views(), ['1', false], 'stale until read')
    const restarted = createChainWatcher({
      store: h.store,
      client: h.chain.publicClient,
      chainId: h.chain.chainId,
      factory: h.chain.deployment.factory,
      startBlock: 0n,
      confirmations: 0,
      pollIntervalMs: 1000,
      logger: pino({ level: 'silent' }),
    })
    await restarted.poll()
    assert.deepEqual(await views(), [PRICE.toString(), true])
    assert.equal((await h.store.getFeed(feed))?.stateKnown, true)
  })
})
