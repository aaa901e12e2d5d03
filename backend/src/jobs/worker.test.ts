import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeJournal } from '@veritree/core/canonical'
import pino from 'pino'
import type { Address, Hex } from 'viem'
import type { TimestampLog, Verifier } from '../attest/types.ts'
import { type Harness, startHarness } from '../testing/harness.ts'
import { signIn } from '../testing/http.ts'
import { irisCsv } from '../testing/iris.ts'
import type { PipelineDeps, Prover } from './deps.ts'
import { createJobWorker } from './worker.ts'

// These tests exercise the worker's failure handling; steps after proving are never reached, so the
// verifier and timestamp log refuse to be called.
const unreachableVerifier: Verifier = {
  mode: 'local',
  verify: () => Promise.reject(new Error('not reached in these tests')),
}
const unreachableLog: TimestampLog = {
  network: 'local',
  submit: () => Promise.reject(new Error('not reached in these tests')),
}

describe('job worker failure handling', () => {
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

  const openJob = async (): Promise<Hex> => {
    const customer = h.client()
    await signIn(customer, h.customer, h.chain.chainId)
    const p = (
      await customer.request('POST', `/datasets/${datasetId}/preview?thresholdBps=5000`, {
        body: irisCsv('test'),
      })
    ).body
    const jobId = await h.openJob(h.customer, market, {
      testSetHash: p.testSetHash,
      thresholdBps: 5000,
      quoteId: p.quoteId,
    })
    await h.watcher.poll()
    return jobId
  }
  const deps = (prover: Prover): PipelineDeps => ({
    store: h.store,
    dataKey: h.dataKey,
    prover,
    verifier: unreachableVerifier,
    timestampLog: unreachableLog,
    publicClient: h.chain.publicClient,
    walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
    workDir: join(h.dataDir, 'jobs'),
    events: h.events,
    logger: pino({ level: 'silent' }),
    proveTimeoutMs: 60_000,
    trainTimeoutMs: 60_000,
  })
  const until = async (jobId: Hex, state: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const job = await h.store.getJob(jobId)
      if (job?.state === state) return job
      if (Date.now() > deadline) throw new Error(`job stayed ${job?.state} (${job?.error})`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  it('retries a failing step with backoff, then fails the job with a readable reason', async () => {
    const jobId = await openJob()
    let calls = 0
    const worker = createJobWorker(
      deps({
        prove: async () => {
          calls += 1
          throw new Error('prover crashed')
        },
      }),
      { pollMs: 20, maxAttempts: 3, baseRetryDelayMs: 10, maxRetryDelayMs: 40 },
    )
    worker.start()
    const job = await until(jobId, 'failed')
    await worker.stop()
    assert.equal(calls, 3)
    assert.equal(job.error, 'proving failed 3 times; last error: prover crashed')
    assert.ok(job.modelHash, 'training results were kept')
    const transitions = (await h.store.jobTransitions(job.pk)).map((t) => t.to)
    assert.deepEqual(transitions, ['opened', 'training', 'proving', 'failed'])
  })

  it('fails at once when the proof contradicts the job', async () => {
    const jobId = await openJob()
    let calls = 0
    const worker = createJobWorker(
      deps({
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
          return { imageId: `0x${'11'.repeat(32)}`, journal, receiptPath: '/nonexistent' }
        },
      }),
      { pollMs: 20, maxAttempts: 3, baseRetryDelayMs: 10 },
    )
    worker.start()
    const job = await until(jobId, 'failed')
    await worker.stop()
    assert.equal(calls, 1, 'no retry for a permanent error')
    assert.match(job.error ?? '', /journal does not match the job: job id/)
    assert.equal(job.settleTx, null)
  })
})
