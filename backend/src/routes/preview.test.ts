/**
 * Attack tests for the preview (issue 9, holes 3, 5 and 7): each performs the attack on the real app
 * (real chain, real SQLite) and shows it fails.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { modelCommitment } from '@veritree/contracts/job-terms'
import { PREVIEW_MIN_TEST_ROWS } from '@veritree/core/api'
import { trainingParamsHash } from '@veritree/core/training'
import type { Hex } from 'viem'
import { syntheticCsv } from '../../bench/synthetic.ts'
import { openStore } from '../db/index.ts'
import { formatEstimates, provingEstimate } from '../quotes/provingEstimate.ts'
import { type Harness, startHarness } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv } from '../testing/iris.ts'
import { createTrainingQueue } from '../training/index.ts'

const [IRIS_HEADER = '', ...IRIS_ROWS] = irisCsv('all').trim().split('\n')
/** `n` iris rows (cycling through the 150), as a CSV. */
const irisRows = (n: number): string =>
  `${IRIS_HEADER}\n${Array.from({ length: n }, (_, i) => IRIS_ROWS[i % IRIS_ROWS.length]).join('\n')}\n`
const QUERY = 'maxDepth=4&minLeafSize=5&gainThreshold=0&thresholdBps=9000'
const DAY_S = 24 * 60 * 60

async function uploadIris(vendor: TestClient): Promise<number> {
  const res = await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', {
    body: irisCsv('all'),
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.dataset.id
}

/** Sends requests over one keep-alive socket; says whether each reused the previous one's socket. */
function keepAliveClient(baseUrl: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  return {
    request(
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: string,
    ): Promise<{ status: number; body: string; reusedSocket: boolean }> {
      return new Promise((resolve, reject) => {
        const req = http.request(`${baseUrl}${path}`, { method, headers, agent }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString(),
              reusedSocket: req.reusedSocket,
            }),
          )
          res.on('error', reject)
        })
        req.setTimeout(60_000, () => req.destroy(new Error('timed out')))
        req.on('error', reject)
        req.end(body)
      })
    },
    close: () => agent.destroy(),
  }
}

describe('preview: what it reveals and what it refuses', { timeout: 300_000 }, () => {
  let h: Harness
  let vendor: TestClient
  let customer: TestClient
  let datasetId: number
  before(async () => {
    h = await startHarness({
      overrides: {
        maxUploadBytes: 2 * 1024 * 1024,
        connectionLimits: { ssePerIp: 2, sseTotal: 3, uploads: 1 },
      },
    })
    vendor = h.client()
    customer = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    datasetId = await uploadIris(vendor)
  })
  after(() => h.close())
  const preview = (c: TestClient, query: string, csv: string) =>
    c.request('POST', `/datasets/${datasetId}/preview?${query}`, { body: csv })

  it('needs a signed-in wallet', async () => {
    const res = await preview(h.client(), QUERY, irisRows(60))
    assert.equal(res.status, 401)
    assert.equal(res.body.error.code, 'unauthenticated')
  })

  it('answers a 5-point bucket and a salted model commitment, never the model hash or correct/total', async () => {
    const res = await preview(customer, QUERY, irisRows(60))
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const body = res.body
    for (const leaked of ['modelHash', 'correct', 'total']) assert.equal(leaked in body, false, leaked)
    const quote = await h.store.getQuote(body.quoteId)
    assert.ok(quote)
    // The stored model hash and its salt appear nowhere in the answer.
    const text = JSON.stringify(body).toLowerCase()
    assert.equal(text.includes(quote.modelHash.slice(2).toLowerCase()), false, 'model hash leaked')
    assert.equal(text.includes(quote.modelSalt.slice(2).toLowerCase()), false, 'salt leaked')
    // The bucket holds the exact accuracy, and `met` follows from it.
    const bps = (quote.correct * 10_000) / quote.total
    assert.ok(body.accuracy.lowBps <= bps && bps <= body.accuracy.highBps, JSON.stringify(body.accuracy))
    assert.equal(body.accuracy.highBps - body.accuracy.lowBps, 500)
    assert.equal(body.met, body.accuracy.lowBps >= 9000)
    assert.equal(body.rows, 60)
    // The terms openJob takes: the commitment opens with the secret salt; params and expiry match.
    assert.equal(body.terms.modelCommitment, modelCommitment(quote.modelHash, quote.modelSalt))
    assert.equal(body.terms.paramsHash, trainingParamsHash(quote.params))
    assert.equal(body.terms.quoteExpiresAt, quote.quoteExpiresAt)
    assert.equal(quote.expiresAt, quote.quoteExpiresAt * 1000)
    assert.equal(body.terms.quoteId, quote.id)
    assert.equal(body.terms.testSetHash, quote.testSetHash)
    assert.equal(body.terms.thresholdBps, 9000)
    // Each quote has its own salt: the same model yields unlinkable commitments.
    const again = await preview(customer, QUERY, irisRows(60))
    const quote2 = await h.store.getQuote(again.body.quoteId)
    assert.equal(quote2?.modelHash, quote.modelHash, 'training is deterministic')
    assert.notEqual(again.body.terms.modelCommitment, body.terms.modelCommitment)
  })

  it('says per journal format whether the receipt fits and how long proving takes; the quote keeps the formats that fit', async () => {
    const res = await preview(customer, QUERY, irisRows(60))
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const quote = await h.store.getQuote(res.body.quoteId)
    assert.ok(quote)
    const dataset = await h.store.getDataset(datasetId)
    assert.ok(dataset)
    // The answer is the one definition's, from public sizes only (never the model).
    const want = formatEstimates({
      testRows: 60,
      features: 4,
      params: quote.params,
      datasetRows: dataset.rows,
      classes: dataset.classes.length,
    })
    assert.deepEqual(res.body.formats, want)
    assert.deepEqual(
      res.body.formats.map((f: { journalFormat: number }) => f.journalFormat),
      [1, 2],
    )
    for (const f of res.body.formats) assert.ok(f.estimatedProvingSeconds > 0)
    assert.ok(
      res.body.formats[1].estimatedCycles > res.body.formats[0].estimatedCycles,
      'training costs cycles',
    )
    assert.deepEqual(
      quote.journalFormats,
      want.filter((f) => f.fits).map((f) => f.journalFormat),
    )
    assert.equal('journalFormat' in res.body.terms, false, 'the customer chooses the format when paying')
  })

  it(`refuses a test set under ${PREVIEW_MIN_TEST_ROWS} rows (single-row probes)`, async () => {
    for (const rows of [1, PREVIEW_MIN_TEST_ROWS - 1]) {
      const res = await preview(customer, QUERY, irisRows(rows))
      assert.equal(res.status, 422, `${rows} rows`)
      assert.equal(res.body.error.code, 'test_set_too_small')
      assert.match(res.body.error.message, new RegExp(`at least ${PREVIEW_MIN_TEST_ROWS}`))
    }
  })

  it('refuses thresholds off the 5 % grid or above 95 % (a fine threshold would binary-search the accuracy)', async () => {
    for (const t of [0, 1, 9001, 9999, 10_000]) {
      const res = await preview(customer, `maxDepth=4&minLeafSize=5&thresholdBps=${t}`, irisRows(60))
      assert.equal(res.status, 400, `threshold ${t}`)
      assert.match(res.body.error.message, /multiple of 500 from 500 to 9500/)
    }
  })

  it('refuses a test set too large to prove within zkVerify limits, naming the largest that fits', async () => {
    const params = { maxDepth: 32, minLeafSize: 5, gainThresholdPpm: 0 }
    const { maxRows } = provingEstimate({ testRows: 1, features: 4, params, datasetRows: 150 })
    const res = await preview(
      customer,
      'maxDepth=32&minLeafSize=5&gainThreshold=0&thresholdBps=5000',
      irisRows(maxRows + 1),
    )
    assert.equal(res.status, 422, JSON.stringify(res.body))
    assert.equal(res.body.error.code, 'test_set_too_large')
    assert.match(res.body.error.message, new RegExp(`the largest test set that fits is ${maxRows} rows`))
  })

  it('quotes a 10,000-row test set at depth 8 on 8 features, with format 1 fitting zkVerify (issue 11)', async () => {
    // Enough rows for a full depth-8 tree at the smallest leaf (256 leaves of 5): the worst case is priced.
    const upload = await vendor.request('POST', '/datasets?name=Synthetic&labelColumn=label', {
      body: syntheticCsv(5_000, 8, 1),
    })
    assert.equal(upload.status, 201, JSON.stringify(upload.body))
    const res = await customer.request(
      'POST',
      `/datasets/${upload.body.dataset.id}/preview?maxDepth=8&minLeafSize=5&gainThreshold=0&thresholdBps=5000`,
      { body: syntheticCsv(10_000, 8, 2) },
    )
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.rows, 10_000)
    const [accuracyOnly] = res.body.formats
    assert.equal(accuracyOnly.journalFormat, 1)
    assert.equal(accuracyOnly.fits, true, JSON.stringify(accuracyOnly))
    // Above the guest's measured 2,077,097 user cycles for these sizes (zkvm-guest/README.md), under the limit.
    assert.ok(accuracyOnly.estimatedCycles >= 2_077_097, String(accuracyOnly.estimatedCycles))
    assert.ok(accuracyOnly.estimatedCycles <= accuracyOnly.maxCycles, String(accuracyOnly.estimatedCycles))
    const quote = await h.store.getQuote(res.body.quoteId)
    assert.deepEqual(quote?.journalFormats, [1])
  })

  it('answers only {code, message} on errors: details stay in the logs', async () => {
    const res = await preview(customer, QUERY, irisRows(60).replace('setosa', 'rose'))
    assert.equal(res.status, 422)
    assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message'])
  })

  it('rejects a big upload early (row 66 of 1.5 MB) with 422 and keeps the keep-alive connection usable', async () => {
    const header = 'a,b,c,label'
    const good = (i: number) => `${i}.5,${i % 7},${i % 3}.25,${i % 2 ? 'x' : 'y'}`
    const lines = [header]
    let size = header.length
    for (let i = 0; size < 1_500_000; i++) {
      const line = i === 64 ? '1,2,not-a-number,x' : good(i)
      lines.push(line)
      size += line.length + 1
    }
    const csv = `${lines.join('\n')}\n`
    assert.ok(csv.length >= 1_500_000)
    const conn = keepAliveClient(h.baseUrl)
    try {
      const first = await conn.request(
        'POST',
        '/datasets?name=big&labelColumn=label',
        {
          cookie: vendor.cookie ?? '',
          'content-type': 'text/csv',
          'content-length': String(Buffer.byteLength(csv)),
        },
        csv,
      )
      assert.equal(first.status, 422, first.body)
      assert.match(first.body, /row 66/)
      const next = await conn.request('GET', '/health', {})
      assert.equal(next.status, 200, next.body)
      assert.equal(next.reusedSocket, true, 'the second request went over the same connection')
    } finally {
      conn.close()
    }
  })

  it('caps curve points at 200', async () => {
    const res = await h.client().request('GET', `/datasets/${datasetId}/curve?points=201`)
    assert.equal(res.status, 400)
    assert.match(res.body.error.message, /points/)
  })

  it('caps live event streams per client IP and in all', async () => {
    const quote = (await h.store.getQuote(
      (
        await preview(customer, QUERY, irisRows(60))
      ).body.quoteId,
    )) as NonNullable<Awaited<ReturnType<typeof h.store.getQuote>>>
    const jobId = `0x${'5e'.repeat(32)}` as Hex
    await h.store.insertJob(
      {
        chainId: h.chain.chainId,
        market: `0x${'cc'.repeat(20)}`,
        jobId,
        datasetId,
        quoteId: quote.id,
        customer: h.customer.account.address.toLowerCase() as Hex,
        testSetHash: quote.testSetHash,
        thresholdBps: 9000,
        priceWei: '1',
        deadline: Math.floor(Date.now() / 1000) + DAY_S,
        openedBlock: 1n,
        openedTx: `0x${'01'.repeat(32)}`,
        terms: null,
      },
      Date.now(),
    )
    const streams: AbortController[] = []
    const open = async (ip: string) => {
      const controller = new AbortController()
      const res = await fetch(`${h.baseUrl}/jobs/${jobId}/events`, {
        headers: { 'x-forwarded-for': ip },
        signal: controller.signal,
      })
      if (res.status === 200) streams.push(controller)
      else await res.body?.cancel()
      return res
    }
    try {
      assert.equal((await open('10.0.0.1')).status, 200)
      assert.equal((await open('10.0.0.1')).status, 200)
      const third = await open('10.0.0.1')
      assert.equal(third.status, 429, 'per-IP cap')
      assert.ok(Number(third.headers.get('retry-after')) > 0)
      assert.equal((await open('10.0.0.2')).status, 200)
      const fourth = await open('10.0.0.3')
      assert.equal(fourth.status, 503, 'total cap')
      // Closing a stream frees its place.
      streams.shift()?.abort()
      let reopened = 0
      for (let i = 0; i < 50 && reopened !== 200; i++) {
        await new Promise((r) => setTimeout(r, 20))
        reopened = (await open('10.0.0.3')).status
      }
      assert.equal(reopened, 200)
    } finally {
      for (const s of streams) s.abort()
    }
  })

  it('shares the in-flight CSV cap with uploads: a held upload makes a preview 503 until it closes', async () => {
    // connectionLimits.uploads is 1 here: one vendor upload still streaming holds the only place. It asks
    // for 100-continue, which the server sends as it hands the request to the app, so once the client
    // sees it the upload holds the place (a preview polled meanwhile could take the place first instead).
    const held = http.request(`${h.baseUrl}/datasets?name=Slow&labelColumn=species`, {
      method: 'POST',
      headers: {
        cookie: vendor.cookie ?? '',
        'content-type': 'text/csv',
        'transfer-encoding': 'chunked',
        expect: '100-continue',
      },
    })
    held.on('error', () => {})
    try {
      const admitted = await new Promise<string>((resolve) => {
        held.once('continue', () => resolve('continue'))
        held.once('response', (r) => resolve(`refused ${r.statusCode}`))
        setTimeout(() => resolve('no answer in 10 s'), 10_000).unref()
        held.flushHeaders()
      })
      assert.equal(admitted, 'continue', 'the held upload must be admitted')
      held.write(`${IRIS_HEADER}\n`)
      const busy = await preview(customer, QUERY, irisRows(60))
      assert.equal(busy.status, 503, JSON.stringify(busy.body))
      assert.equal(busy.body.error.code, 'server_busy')
      assert.ok(busy.headers.get('retry-after'))
    } finally {
      held.destroy()
    }
    // Its place is freed when the held connection closes.
    let status = 0
    for (let i = 0; i < 50 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 20))
      status = (await preview(customer, QUERY, irisRows(60))).status
    }
    assert.equal(status, 200)
  })
})

describe('preview: budgets and the shared training queue', { timeout: 300_000 }, () => {
  let h: Harness
  let customer: TestClient
  let stranger: TestClient
  let datasetId: number
  const queue = createTrainingQueue({ concurrency: 1, capacity: 3, retryAfterSeconds: 7 })
  before(async () => {
    h = await startHarness({
      overrides: {
        previewBudget: { perWallet: 2, perDataset: 3, windowMs: DAY_S * 1000 },
        trainingQueue: queue,
        connectionLimits: { nonces: 6 },
      },
    })
    const vendor = h.client()
    customer = h.client()
    stranger = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    await signIn(stranger, h.stranger, h.chain.chainId)
    datasetId = await uploadIris(vendor)
  })
  after(() => h.close())
  const preview = (c: TestClient, signal?: AbortSignal) =>
    c.request('POST', `/datasets/${datasetId}/preview?${QUERY}`, {
      body: irisRows(60),
      ...(signal ? { headers: {} } : {}),
    })

  it('answers 503 with Retry-After when previews would take the last place, and charges nothing', async () => {
    let release!: () => void
    const paidJob = queue.run('job', () => new Promise<void>((r) => (release = r)))
    try {
      // One place taken by a paid job; a preview waiting would leave none: refused at once.
      // First a preview that waits (taken 2 of 3) and whose client goes away.
      const gone = new AbortController()
      const waiting = fetch(`${h.baseUrl}/datasets/${datasetId}/preview?${QUERY}`, {
        method: 'POST',
        headers: { cookie: customer.cookie ?? '', 'content-type': 'text/csv' },
        body: irisRows(60),
        signal: gone.signal,
      }).catch((error: unknown) => error)
      for (let i = 0; i < 200 && queue.size().waiting === 0; i++) await new Promise((r) => setTimeout(r, 10))
      assert.deepEqual(queue.size(), { running: 1, waiting: 1 })
      const full = await preview(customer)
      assert.equal(full.status, 503, JSON.stringify(full.body))
      assert.equal(full.body.error.code, 'queue_full')
      assert.equal(full.headers.get('retry-after'), '7')
      // The client that hung up leaves the queue at once (nothing trains for nobody).
      gone.abort()
      await waiting
      for (let i = 0; i < 200 && queue.size().waiting > 0; i++) await new Promise((r) => setTimeout(r, 10))
      assert.deepEqual(queue.size(), { running: 1, waiting: 0 })
    } finally {
      release()
      await paidJob
    }
    // Neither the refused nor the abandoned preview used the wallet's budget of 2.
    assert.equal((await preview(customer)).status, 200)
    assert.equal((await preview(customer)).status, 200)
  })

  it('answers 429 with Retry-After past the per-wallet budget, then past the per-dataset one', async () => {
    const over = await preview(customer)
    assert.equal(over.status, 429)
    assert.equal(over.body.error.code, 'preview_budget_exhausted')
    assert.match(over.body.error.message, /this wallet used its 2 previews/)
    const retry = Number(over.headers.get('retry-after'))
    assert.ok(retry > DAY_S - 600 && retry <= DAY_S, String(retry))
    // Another wallet still has its own budget, but the dataset has had 3 previews in all.
    assert.equal((await preview(stranger)).status, 200)
    const dataset = await preview(stranger)
    assert.equal(dataset.status, 429)
    assert.match(dataset.body.error.message, /had its 3 previews/)
  })

  it('keeps budgets in SQLite: a restarted service still refuses', async () => {
    const reopened = openStore(h.dataDir)
    try {
      const charge = await reopened.chargePreview(h.customer.account.address, datasetId, Date.now(), {
        perWallet: 2,
        perDataset: 100,
        windowMs: DAY_S * 1000,
      })
      assert.equal(charge.ok, false)
      // Past the window the budget is back.
      const later = await reopened.chargePreview(
        h.customer.account.address,
        datasetId,
        Date.now() + DAY_S * 1000 + 1,
        {
          perWallet: 2,
          perDataset: 100,
          windowMs: DAY_S * 1000,
        },
      )
      assert.equal(later.ok, true)
    } finally {
      await reopened.close()
    }
  })

  it('caps outstanding sign-in nonces', async () => {
    const answers: number[] = []
    for (let i = 0; i < 8; i++) answers.push((await h.client().request('GET', '/auth/nonce')).status)
    assert.ok(answers.includes(503), answers.join(','))
    const refused = await h.client().request('GET', '/auth/nonce')
    assert.equal(refused.body.error.code, 'too_many_nonces')
    assert.ok(Number(refused.headers.get('retry-after')) > 0)
  })
})

describe('preview: when the Rust trainer is missing, fails or is left behind', { timeout: 300_000 }, () => {
  let h: Harness
  let customer: TestClient
  let datasetId: number
  const work = mkdtempSync(join(tmpdir(), 'veritree-preview-trainer-'))
  // One object the app reads at every preview, so each test points it at another stand-in.
  const proverEnv: NodeJS.ProcessEnv = {}
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const started: number[] = []
  before(async () => {
    h = await startHarness({
      overrides: { proverEnv, previewBudget: { perWallet: 2, perDataset: 100, windowMs: DAY_S * 1000 } },
    })
    const vendor = h.client()
    customer = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    datasetId = await uploadIris(vendor)
  })
  after(async () => {
    for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL')
    await h.close()
    rmSync(work, { recursive: true, force: true })
  })
  const preview = () =>
    customer.request('POST', `/datasets/${datasetId}/preview?${QUERY}`, { body: irisRows(60) })

  it('a missing trainer is a 503 {code, message} that names no server path, and charges nothing', async () => {
    proverEnv.VERITREE_PROVER_BIN = join(work, 'secret-dir', 'veritree-prover')
    for (let i = 0; i < 3; i++) {
      const res = await preview()
      assert.equal(res.status, 503, JSON.stringify(res.body))
      assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message'])
      assert.equal(res.body.error.code, 'trainer_unavailable')
      assert.match(res.body.error.message, /not installed/)
      assert.equal(JSON.stringify(res.body).includes('secret-dir'), false, 'the binary path leaked')
    }
  })

  it('a failing trainer is a 503 whose answer carries none of its stderr, and charges nothing', async () => {
    const bin = join(work, 'failing.sh')
    writeFileSync(bin, '#!/bin/sh\ncat > /dev/null\necho "TRAIN_LABEL: row 7 of /srv/secret" >&2\nexit 1\n', {
      mode: 0o755,
    })
    proverEnv.VERITREE_PROVER_BIN = bin
    for (let i = 0; i < 3; i++) {
      const res = await preview()
      assert.equal(res.status, 503, JSON.stringify(res.body))
      assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message'])
      assert.equal(res.body.error.code, 'trainer_unavailable')
      assert.equal(/TRAIN_LABEL|secret|row 7/.test(JSON.stringify(res.body)), false, 'stderr leaked')
    }
  })

  it('a client that hangs up kills its running trainer', async () => {
    const bin = join(work, 'hanging.sh')
    const pidFile = join(work, 'hanging.pid')
    writeFileSync(
      bin,
      `#!/bin/sh\necho $$ > '${pidFile}.tmp'\nmv '${pidFile}.tmp' '${pidFile}'\ncat > /dev/null\nexec sleep 600\n`,
      {
        mode: 0o755,
      },
    )
    proverEnv.VERITREE_PROVER_BIN = bin
    const gone = new AbortController()
    const request = fetch(`${h.baseUrl}/datasets/${datasetId}/preview?${QUERY}`, {
      method: 'POST',
      headers: { cookie: customer.cookie ?? '', 'content-type': 'text/csv' },
      body: irisRows(60),
      signal: gone.signal,
    }).catch((error: unknown) => error)
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 10))
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    started.push(pid)
    assert.equal(alive(pid), true, 'the trainer runs')
    gone.abort()
    await request
    // The server learns of the hang-up asynchronously; wait for the kill it causes.
    while (alive(pid)) await new Promise((r) => setTimeout(r, 10))
    assert.equal(alive(pid), false)
  })

  it('the real trainer still answers once it is back, within the budget the failures did not use', async () => {
    delete proverEnv.VERITREE_PROVER_BIN
    assert.equal((await preview()).status, 200)
    assert.equal((await preview()).status, 200)
  })
})
