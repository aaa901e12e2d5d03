import assert from 'node:assert/strict'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { type JobTerms, UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { encodeJournal } from '@veritree/core/canonical'
import pino from 'pino'
import type { Address, Hex } from 'viem'
import type { TimestampLog, Verifier } from '../attest/types.ts'
import { readBalance, readChainJob } from '../chain/market.ts'
import { ProverFailedError } from '../prover/errors.ts'
import { type Harness, startHarness, TEST_IMAGE_ID } from '../testing/harness.ts'
import { signIn } from '../testing/http.ts'
import { irisCsv, irisTestCsv } from '../testing/iris.ts'
import type { PipelineDeps, Prover } from './deps.ts'
import { createJobWorker } from './worker.ts'

// These tests exercise the worker's failure handling and refunds; no job reaches verifying, so the
// verifier and timestamp log refuse to be called.
const unreachableVerifier: Verifier = {
  mode: 'local',
  verify: () => Promise.reject(new Error('not reached in these tests')),
}
const unreachableLog: TimestampLog = {
  network: 'local',
  submit: () => Promise.reject(new Error('not reached in these tests')),
  lookup: () => Promise.reject(new Error('not reached in these tests')),
}
const neverProves: Prover = { prove: () => Promise.reject(new Error('not reached in this test')) }

describe('job worker: retries and refunds of unprovable jobs', () => {
  let h: Harness
  let market: Address
  let datasetId: number

  before(async () => {
    h = await startHarness()
    const vendor = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    const dataset = (
      await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', { body: irisCsv('train') })
    ).body.dataset
    datasetId = dataset.id
    market = await h.createMarket(h.vendor, dataset.commitment)
    await h.watcher.poll()
  })
  after(() => h.close())

  const quote = async (): Promise<Hex> => {
    const customer = h.client()
    await signIn(customer, h.customer, h.chain.chainId)
    const res = await customer.request('POST', `/datasets/${datasetId}/preview?thresholdBps=5000`, {
      body: irisTestCsv(),
    })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    return res.body.quoteId
  }
  const open = async (terms: JobTerms, wallet = h.customer): Promise<Hex> => {
    const jobId = await h.openJob(wallet, market, terms)
    await h.watcher.poll()
    return jobId
  }
  const deps = (prover: Prover, imageId: Hex = TEST_IMAGE_ID): PipelineDeps => ({
    store: h.store,
    dataKey: h.dataKey,
    prover,
    verifier: unreachableVerifier,
    timestampLog: unreachableLog,
    publicClient: h.chain.publicClient,
    walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
    factory: h.chain.deployment.factory,
    proverImageId: async () => imageId,
    workDir: join(h.dataDir, 'jobs'),
    events: h.events,
    logger: pino({ level: 'silent' }),
    proveTimeoutMs: 60_000,
    trainTimeoutMs: 60_000,
  })
  const run = async (pipeline: PipelineDeps, jobIds: Hex[], state: string) => {
    const worker = createJobWorker(pipeline, { pollMs: 20, baseRetryDelayMs: 5, maxRetryDelayMs: 20 })
    worker.start()
    try {
      const deadline = Date.now() + 60_000
      for (;;) {
        const jobs = await Promise.all(jobIds.map((id) => h.store.getJob(id)))
        if (jobs.every((j) => j?.state === state)) return jobs.map((j) => j as NonNullable<typeof j>)
        if (Date.now() > deadline)
          throw new Error(
            `jobs stayed ${jobs.map((j) => `${j?.state} (${JSON.stringify(j?.error)})`).join(', ')}`,
          )
        await new Promise((r) => setTimeout(r, 50))
      }
    } finally {
      await worker.stop()
    }
  }
  /** The market's view: the job Unprovable and the full price credited to the customer. */
  const assertRefundedOnChain = async (jobId: Hex, reason: number) => {
    const chain = await readChainJob(h.chain.publicClient, market, jobId)
    assert.equal(chain.status, 'Unprovable')
    const job = await h.store.getJob(jobId)
    assert.equal(job?.state, 'refunded')
    assert.equal(job?.refund?.reason, reason)
    assert.equal(job?.refund?.status, 'Unprovable')
    assert.match(job?.refund?.tx ?? '', /^0x[0-9a-f]{64}$/)
    const view = (await h.client().request('GET', `/jobs/${jobId}`)).body
    assert.equal(view.state, 'refunded')
    assert.equal(view.refund.reason, reason)
  }

  it('retries a transient prover failure past any attempt count, publishing a code without internals', async () => {
    const jobId = await open(await h.termsFor(await quote()))
    let calls = 0
    const prover: Prover = {
      prove: async () => {
        calls += 1
        if (calls < 8)
          throw new ProverFailedError({
            command: 'prove',
            exitCode: null,
            signal: 'SIGKILL',
            stderrTail: 'connecting to http://rpc.example/SECRET-API-KEY failed',
          })
        // Then the receipt turns out too large for zkVerify: the customer is refunded at once.
        throw new ProverFailedError({ command: 'prove', exitCode: 3, signal: null, stderrTail: 'too large' })
      },
    }
    const seen: string[] = []
    const unsubscribe = h.events.subscribe(jobId, (e) => {
      if (e.type === 'state') seen.push(e.state)
    })
    const [job] = await run(deps(prover), [jobId], 'refunded')
    unsubscribe()
    assert.equal(calls, 8, 'seven transient failures were retried (no limit of 5)')
    assert.ok(job?.training, 'training results were kept')
    await assertRefundedOnChain(jobId, UNPROVABLE_REASON.TEST_SET_TOO_LARGE)
    const transitions = (await h.store.jobTransitions(job?.pk ?? 0)).map((t) => t.to)
    assert.deepEqual(transitions, ['opened', 'training', 'proving', 'refunding', 'refunded'])
    assert.deepEqual(seen, ['training', 'proving', 'refunding', 'refunded'])
    const view = (await h.client().request('GET', `/jobs/${jobId}`)).body
    assert.equal(view.refund.reasonName, 'TEST_SET_TOO_LARGE')
    assert.doesNotMatch(JSON.stringify(view), /SECRET-API-KEY|rpc\.example/)
    const balance = await readBalance(h.chain.publicClient, market, h.customer.account.address)
    assert.ok(balance >= BigInt(view.priceWei), `customer credited ${balance}`)
  })

  it('refunds (PROVER_FAILED) when the proof contradicts the job, and never settles it', async () => {
    const jobId = await open(await h.termsFor(await quote()))
    let calls = 0
    const prover: Prover = {
      prove: async (request) => {
        calls += 1
        // A journal for another job id: the pipeline must refuse to publish or settle it.
        const journal = encodeJournal({
          format: 1,
          jobId: `0x${'99'.repeat(32)}`,
          modelHash: `0x${'00'.repeat(32)}`,
          testSetHash: `0x${'00'.repeat(32)}`,
          correct: 1,
          total: 1,
          thresholdBps: request.thresholdBps,
          met: true,
        })
        return { imageId: TEST_IMAGE_ID, journal, receiptPath: '/nonexistent' }
      },
    }
    const [job] = await run(deps(prover), [jobId], 'refunded')
    assert.equal(calls, 1, 'no retry for a contradicting journal')
    assert.equal(job?.settlement, null)
    assert.equal(job?.proof, null)
    await assertRefundedOnChain(jobId, UNPROVABLE_REASON.PROVER_FAILED)
  })

  it('attack: terms that differ from the quote are refunded before any work (TERMS_MISMATCH)', async () => {
    const terms = await h.termsFor(await quote())
    const jobs = [
      // A stranger paying against the customer's quote.
      await open(terms, h.stranger),
      // The customer raising the threshold after the preview.
      await open({ ...terms, thresholdBps: 10_000 }),
      // Other training parameters than quoted.
      await open({ ...terms, paramsHash: `0x${'ab'.repeat(32)}` }),
      // A commitment to another model.
      await open({ ...terms, modelCommitment: `0x${'cd'.repeat(32)}` }),
      // A quote id the backend never issued.
      await open({ ...terms, quoteId: `0x${'02'.repeat(32)}` }),
    ]
    await run(deps(neverProves), jobs, 'refunded')
    for (const jobId of jobs) {
      await assertRefundedOnChain(jobId, UNPROVABLE_REASON.TERMS_MISMATCH)
      const job = await h.store.getJob(jobId)
      assert.equal(job?.training, null, 'nothing was trained for a mismatched job')
    }
  })

  it('refunds a job recorded against another verifier image (VERIFIER_MISMATCH)', async () => {
    const jobId = await open(await h.termsFor(await quote()))
    await run(deps(neverProves, `0x${'22'.repeat(32)}`), [jobId], 'refunded')
    await assertRefundedOnChain(jobId, UNPROVABLE_REASON.VERIFIER_MISMATCH)
  })

  it('refunds when the retrained model does not open the commitment (MODEL_MISMATCH)', async () => {
    const quoteId = await quote()
    // Training that is not reproducible: the quote promised another model than the one retrained.
    const db = new DatabaseSync(join(h.dataDir, 'veritree.sqlite'))
    db.prepare('UPDATE quotes SET model_hash = ? WHERE id = ?').run(
      `0x${'ef'.repeat(32)}`,
      quoteId.toLowerCase(),
    )
    db.close()
    const jobId = await open(await h.termsFor(quoteId))
    await run(deps(neverProves), [jobId], 'refunded')
    await assertRefundedOnChain(jobId, UNPROVABLE_REASON.MODEL_MISMATCH)
  })

  it('the refund checks first: a job the market already ended is not refunded twice', async () => {
    const jobId = await open(await h.termsFor(await quote()))
    const job = await h.store.getJob(jobId)
    // The backend refunds, then crashes before recording it: the retry finds the job Unprovable.
    const { request } = await h.chain.publicClient.simulateContract({
      account: h.chain.wallets[0]?.account,
      address: market,
      abi: (await import('@veritree/contracts/generated/DatasetMarket')).datasetMarketAbi,
      functionName: 'refundUnprovable',
      args: [jobId, UNPROVABLE_REASON.PROVER_FAILED],
    })
    await h.chain.publicClient.waitForTransactionReceipt({
      hash: await (h.chain.wallets[0] as PipelineDeps['walletClient']).writeContract(request),
    })
    const before = await readBalance(h.chain.publicClient, market, h.customer.account.address)
    await run(deps(neverProves), [jobId], 'refunded')
    assert.equal(await readBalance(h.chain.publicClient, market, h.customer.account.address), before)
    assert.equal((await h.store.getJob(jobId))?.refund?.status, 'Unprovable')
    assert.ok(job)
  })
})
