/**
 * DEV MODE (no RISC Zero receipt): the whole pipeline in-process against a real chain and the local HCS
 * node, with a prover stand-in that computes the journal with the guest's own integer rules
 * (`evaluate` from @veritree/core) and a verifier that aggregates the statement without checking a
 * receipt. Everything after the proof is real: the local aggregation contract, `settle` with the model
 * salt, HCS and the download routes. It tests what the real-proof e2e (pipeline.e2e.test.ts) cannot
 * afford to repeat: retries that must not act twice, the reconciler and the download rule.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import {
  datasetClasses,
  decodeModel,
  decodeTable,
  encodeJournal,
  encodeTrainingJournal,
  evaluate,
  modelHash,
  thresholdMet,
  trainingParamsHash,
} from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import pino from 'pino'
import { type Address, encodeFunctionData, type Hex, sha256 } from 'viem'
import type { TimestampLog, Verifier } from '../attest/types.ts'
import { allPassed, checkCertificate } from '../certificate/checkCertificate.ts'
import { jobSettledEvent } from '../chain/events.ts'
import { readChainJob } from '../chain/market.ts'
import { createHederaTimestampLog, type HederaTimestampLog } from '../hcs/hederaTimestampLog.ts'
import { type LocalHcsNode, startLocalHcsNode } from '../hcs/localNode/startLocalHcsNode.ts'
import { trainWithProver } from '../prover/train.ts'
import { type Harness, startHarness, TEST_IMAGE_ID } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv, irisTestCsv } from '../testing/iris.ts'
import { revertName } from '../testing/revert.ts'
import { unseal } from '../vault/seal.ts'
import { openSqliteAggregationIdStore } from '../zkverify/aggregationIdStore.ts'
import { createLocalVerifier, type LocalVerifier } from '../zkverify/localVerifier.ts'
import type { PipelineDeps, Prover } from './deps.ts'
import { createReconciler } from './reconciler.ts'
import { createJobWorker } from './worker.ts'

/**
 * Dev mode: the journal the guest would commit, and a placeholder instead of a receipt. Format 2 trains
 * as the guest does, with the Rust trainer (`veritree-prover train`, the guest's own training code) on
 * the dataset bytes and parameter bytes it is given
 * (class count from the dataset's labels); `tamper` lets a test play a guest whose trainer differs.
 */
function devModeProver(tamper: { params?: (p: TrainingParams) => TrainingParams; format?: 1 } = {}): Prover {
  return {
    async prove(request) {
      const testSet = decodeTable(request.testSetBytes)
      let model = request.format === 1 ? request.modelBytes : null
      if (request.format === 2) {
        const dataset = decodeTable(request.datasetBytes)
        const params = request.params
        const classes = datasetClasses(dataset)
        const trained = await trainWithProver({
          dataset: request.datasetBytes,
          classes,
          params: tamper.params ? tamper.params(params) : params,
        })
        model = trained.modelBytes
      }
      if (!model) throw new Error('no model')
      const { correct, total } = evaluate(decodeModel(model), testSet)
      const accuracy = {
        jobId: request.jobId,
        modelHash: modelHash(model),
        testSetHash: sha256(request.testSetBytes),
        correct,
        total,
        thresholdBps: request.thresholdBps,
        met: thresholdMet(correct, total, request.thresholdBps),
      }
      const journal =
        request.format === 2 && tamper.format !== 1
          ? encodeTrainingJournal({
              format: 2,
              ...accuracy,
              datasetCommitment: sha256(request.datasetBytes),
              paramsHash: trainingParamsHash(request.params),
            })
          : encodeJournal({ format: 1, ...accuracy })
      mkdirSync(request.workDir, { recursive: true })
      const receiptPath = join(request.workDir, 'receipt.devmode')
      writeFileSync(receiptPath, 'dev mode: no receipt')
      return { imageId: TEST_IMAGE_ID, journal, receiptPath }
    },
  }
}

describe('dev mode pipeline: downloads, check-first retries, reconciler', { timeout: 5 * 60_000 }, () => {
  let h: Harness
  let hcs: LocalHcsNode
  let hcsLog: HederaTimestampLog
  let verifier: LocalVerifier
  let publications = 0
  let market: Address
  let datasetId: number
  let customer: TestClient

  before(async () => {
    h = await startHarness()
    const vendor = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
    customer = h.client()
    await signIn(customer, h.customer, h.chain.chainId)
    const dataset = (
      await vendor.request('POST', '/datasets?name=Iris&labelColumn=species', { body: irisCsv('train') })
    ).body.dataset
    datasetId = dataset.id
    market = await h.createMarket(h.vendor, dataset.commitment)
    await h.watcher.poll()
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
      // Dev mode: the statement is aggregated without checking a receipt.
      verifyReceipt: async () => undefined,
      batch: { maxSize: 1, maxWaitMs: 0 },
      store: {
        reserveAggregationId: (domainId) => {
          publications += 1
          return ids.reserveAggregationId(domainId)
        },
      },
    })
  })
  after(async () => {
    hcsLog?.close()
    await hcs?.close()
    await h.close()
  })

  const deps = (overrides: Partial<PipelineDeps> = {}): PipelineDeps => ({
    store: h.store,
    dataKey: h.dataKey,
    prover: devModeProver(),
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
    trainTimeoutMs: 60_000,
    ...overrides,
  })
  const pay = async (thresholdBps: number, params = '', journalFormat: 1 | 2 = 1): Promise<Hex> => {
    const res = await customer.request(
      'POST',
      `/datasets/${datasetId}/preview?thresholdBps=${thresholdBps}${params}`,
      {
        body: irisTestCsv(),
      },
    )
    assert.equal(res.status, 200, JSON.stringify(res.body))
    const jobId = await h.openJob(h.customer, market, await h.termsFor(res.body.quoteId, { journalFormat }))
    await h.watcher.poll()
    return jobId
  }
  const runUntil = async (pipeline: PipelineDeps, jobId: Hex, states: string[]) => {
    const worker = createJobWorker(pipeline, { pollMs: 20, baseRetryDelayMs: 5, maxRetryDelayMs: 20 })
    worker.start()
    try {
      const deadline = Date.now() + 120_000
      for (;;) {
        const job = await h.store.getJob(jobId)
        if (job && states.includes(job.state)) return job
        if (Date.now() > deadline) throw new Error(`job stayed ${job?.state} (${JSON.stringify(job?.error)})`)
        await new Promise((r) => setTimeout(r, 50))
      }
    } finally {
      await worker.stop()
    }
  }
  const settledEvents = (jobId: Hex) =>
    h.chain.publicClient.getLogs({
      address: market,
      event: jobSettledEvent,
      args: { jobId },
      fromBlock: 0n,
      strict: true,
    })
  const hcsMessagesFor = async (jobId: Hex) => {
    const res = await fetch(`${hcs.mirrorUrl}/api/v1/topics/${hcsLog.topicId}/messages?limit=100`)
    const body = (await res.json()) as { messages: Array<{ message: string }> }
    return body.messages
      .map((m) => JSON.parse(Buffer.from(m.message, 'base64').toString('utf8')) as { jobId: string })
      .filter((m) => m.jobId.toLowerCase() === jobId.toLowerCase())
  }

  it('attack (hole 1): a job refunded for a missed threshold gets no model and no receipt', async () => {
    // A one-split tree cannot tell versicolor from virginica (at most 2/3 correct), so 95 % is missed,
    // and the customer is refunded in full: the model must not be delivered on top of the refund.
    const jobId = await pay(9500, '&maxDepth=1')
    const job = await runUntil(deps(), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.equal(job.settlement?.outcome?.status, 'Refunded')
    assert.equal(job.settlement?.outcome?.met, false)
    assert.equal((await readChainJob(h.chain.publicClient, market, jobId)).status, 'Refunded')
    const model = await customer.request('GET', `/jobs/${jobId}/model`)
    assert.equal(model.status, 409)
    assert.equal(model.body.error.code, 'threshold_not_met')
    assert.equal((await customer.request('GET', `/jobs/${jobId}/model?format=bin`)).status, 409)
    assert.equal((await customer.request('GET', `/jobs/${jobId}/receipt`)).status, 409)
  })

  it('a sale that met its threshold is delivered to its customer, once the market says Settled', async () => {
    const jobId = await pay(5000)
    const job = await runUntil(deps(), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.equal(job.settlement?.outcome?.status, 'Settled')
    assert.equal(job.settlement?.outcome?.ownJournal, true)
    const model = await customer.request('GET', `/jobs/${jobId}/model`)
    assert.equal(model.status, 200, JSON.stringify(model.body))
    assert.equal(model.body.modelHash, job.training?.modelHash)
    // The chain's modelHash is the one bound at openJob and opened at settle.
    assert.equal((await readChainJob(h.chain.publicClient, market, jobId)).modelHash, job.training?.modelHash)
  })

  it('the job retrains with the preview’s trainer: the same Rust model, byte for byte', async () => {
    const jobId = await pay(5000, '&maxDepth=8&minLeafSize=5&gainThreshold=0')
    const job = await runUntil(deps(), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    const quote = await h.store.getQuote(job.quoteId)
    assert.ok(quote && job.training)
    assert.equal(job.training.modelHash, quote.modelHash, 'the job retrained the quoted model')
    // Both are the Rust trainer's model for the vendor's stored rows and the quoted parameters.
    const blob = await h.store.getSealedBlob(datasetId)
    assert.ok(blob)
    const rust = await trainWithProver({
      dataset: unseal(h.dataKey, datasetId, blob),
      classes: 3,
      params: quote.params,
    })
    assert.equal(quote.modelHash, rust.modelHash)
    assert.deepEqual(new Uint8Array(job.training.model), rust.modelBytes)
  })

  it('verify does not submit again: a retry resumes the stored submission', async () => {
    const jobId = await pay(5000)
    const before = publications
    let calls = 0
    const flaky: Verifier = {
      mode: 'local',
      async verify(request, options) {
        calls += 1
        const proof = await verifier.verify(request, options)
        // The process dies after the submission was stored, before the step wrote its result.
        if (calls === 1) throw new Error('connection lost after submitting')
        return proof
      },
    }
    const job = await runUntil(deps({ verifier: flaky }), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.equal(calls, 2)
    assert.equal(publications - before, 1, 'the statement was aggregated once')
    assert.equal(job.verification?.submission?.kind, 'local')
  })

  it('attest does not publish twice: a retry finds the message on the mirror', async () => {
    const jobId = await pay(5000)
    let submits = 0
    const flaky: TimestampLog = {
      network: hcsLog.network,
      lookup: (submission, message, options) => hcsLog.lookup(submission, message, options),
      async submit(message, options) {
        submits += 1
        const receipt = await hcsLog.submit(message, options)
        // Consensus reached, then the process dies before recording it.
        if (submits === 1) throw new Error('crashed after the message reached consensus')
        return receipt
      },
    }
    const job = await runUntil(deps({ timestampLog: flaky }), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.equal(submits, 1, 'the retry looked the message up instead of sending it again')
    assert.equal((await hcsMessagesFor(jobId)).length, 1)
    assert.ok(job.attestation?.timestamp)
  })

  it('a stored settle transaction that reverted is not taken as settled', async () => {
    const jobId = await pay(5000)
    const wallet = h.chain.wallets[0] as PipelineDeps['walletClient']
    let reverted: Hex | null = null
    // Before settling, plant what a crashed earlier attempt would have left: a settle tx that reverted.
    const planting: Verifier = {
      mode: 'local',
      async verify(request, options) {
        const proof = await verifier.verify(request, options)
        const bad = encodeFunctionData({
          abi: datasetMarketAbi,
          functionName: 'settle',
          args: [
            jobId,
            request.journal,
            `0x${'00'.repeat(32)}`,
            {
              domainId: proof.domainId,
              aggregationId: proof.aggregationId,
              merklePath: proof.merklePath,
              leafCount: proof.leafCount,
              index: proof.index,
            },
          ],
        })
        // Hardhat mines a reverting transaction but answers the send with the revert error.
        reverted = await wallet
          .sendTransaction({ to: market, data: bad, gas: 300_000n, chain: wallet.chain })
          .catch(async () => {
            const block = await h.chain.publicClient.getBlock({ blockTag: 'latest' })
            const last = block.transactions.at(-1)
            if (!last) throw new Error('the reverting settle was not mined')
            return last
          })
        const receipt = await h.chain.publicClient.waitForTransactionReceipt({ hash: reverted })
        assert.equal(receipt.status, 'reverted', 'a wrong salt makes settle revert (ModelMismatch)')
        const db = new DatabaseSync(join(h.dataDir, 'veritree.sqlite'))
        db.prepare('UPDATE jobs SET settle_tx = ? WHERE job_id = ?').run(reverted, jobId.toLowerCase())
        db.close()
        return proof
      },
    }
    const job = await runUntil(deps({ verifier: planting }), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.ok(reverted)
    assert.notEqual(job.settlement?.tx, reverted, 'a new settle was sent')
    assert.equal(job.settlement?.outcome?.status, 'Settled')
    assert.equal((await settledEvents(jobId)).length, 1)
  })

  it('the reconciler repairs the database from the chain', async () => {
    const jobId = await pay(5000)
    // The market ended the job while the database still says `opened` (e.g. refunded by an earlier
    // run that crashed before writing it).
    const { request } = await h.chain.publicClient.simulateContract({
      account: h.chain.wallets[0]?.account,
      address: market,
      abi: datasetMarketAbi,
      functionName: 'refundUnprovable',
      args: [jobId, UNPROVABLE_REASON.PROVER_FAILED],
    })
    await h.chain.publicClient.waitForTransactionReceipt({
      hash: await (h.chain.wallets[0] as PipelineDeps['walletClient']).writeContract(request),
    })
    assert.equal((await h.store.getJob(jobId))?.state, 'opened')
    const reconciler = createReconciler(deps())
    assert.ok((await reconciler.reconcile()) >= 1)
    const job = await h.store.getJob(jobId)
    assert.equal(job?.state, 'refunded')
    assert.equal(job?.refund?.status, 'Unprovable')
    assert.equal(await reconciler.reconcile(), 0, 'nothing left to repair')
  })

  /** Settles `journal` for `jobId` directly (an attacker's settle), after aggregating its statement. */
  const settleRevert = async (jobId: Hex, journal: Hex): Promise<string> => {
    const proof = await verifier.verify({ receiptPath: '/dev/null', imageId: TEST_IMAGE_ID, journal })
    const terms = await h.store.getQuoteTerms(
      (await readChainJob(h.chain.publicClient, market, jobId)).quoteId,
    )
    try {
      await h.chain.publicClient.simulateContract({
        account: h.chain.wallets[0]?.account,
        address: market,
        abi: datasetMarketAbi,
        functionName: 'settle',
        args: [
          jobId,
          journal,
          terms?.modelSalt ?? `0x${'00'.repeat(32)}`,
          {
            domainId: proof.domainId,
            aggregationId: proof.aggregationId,
            merklePath: proof.merklePath,
            leafCount: proof.leafCount,
            index: proof.index,
          },
        ],
      })
    } catch (error) {
      return revertName(error)
    }
    return 'settle did not revert'
  }

  it('format 2: the model trained inside the (dev-mode) proof settles, and its certificate proves dataset and parameters', async () => {
    const preview = await customer.request(
      'POST',
      `/datasets/${datasetId}/preview?thresholdBps=5000&maxDepth=3`,
      { body: irisTestCsv() },
    )
    assert.equal(preview.status, 200, JSON.stringify(preview.body))
    const formats = preview.body.formats as Array<{ journalFormat: number; fits: boolean }>
    assert.deepEqual(
      formats.map((f) => [f.journalFormat, f.fits]),
      [
        [1, true],
        [2, true],
      ],
    )
    const jobId = await pay(5000, '&maxDepth=3', 2)
    const job = await runUntil(deps(), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'done', JSON.stringify(job.error))
    assert.equal(job.terms?.journalFormat, 2)
    assert.equal((await readChainJob(h.chain.publicClient, market, jobId)).journalFormat, 2)
    assert.equal(job.settlement?.outcome?.status, 'Settled')
    assert.equal(job.settlement?.outcome?.ownJournal, true)
    assert.equal((job.proof?.journal.length ?? 0) - 2, 640, 'a 320-byte format-2 journal')

    const certificate = await h.client().request('GET', `/certificates/${jobId}`)
    assert.equal(certificate.status, 200, JSON.stringify(certificate.body).slice(0, 300))
    assert.equal(certificate.body.job.journalFormat, 2)
    assert.equal(certificate.body.claims.format, 2)
    const checks = await checkCertificate(certificate.body, {
      publicClient: h.chain.publicClient,
      mirrorUrl: hcs.mirrorUrl,
    })
    assert.ok(allPassed(checks), JSON.stringify(checks.filter((c) => c.status === 'fail')))
    assert.equal(checks.find((c) => c.id === 'journal.training')?.status, 'pass')
    assert.equal(checks.find((c) => c.id === 'chain.job')?.status, 'pass')

    // The certificate cannot claim another dataset or other parameters than the proof's.
    const otherDataset = structuredClone(certificate.body)
    otherDataset.dataset.commitment = `0x${'ab'.repeat(32)}`
    const tampered = await checkCertificate(otherDataset, { publicClient: h.chain.publicClient })
    for (const id of ['journal.fields', 'journal.training', 'chain.dataset'])
      assert.equal(tampered.find((c) => c.id === id)?.status, 'fail', id)
    const otherParams = structuredClone(certificate.body)
    otherParams.parameters.maxDepth = 4
    const tamperedParams = await checkCertificate(otherParams, { publicClient: h.chain.publicClient })
    for (const id of ['journal.training', 'chain.job'])
      assert.equal(tamperedParams.find((c) => c.id === id)?.status, 'fail', id)
  })

  it('attack: a format-2 job on a quote that allows only format 1 is refunded before any work (TERMS_MISMATCH)', async () => {
    const res = await customer.request(
      'POST',
      `/datasets/${datasetId}/preview?thresholdBps=5000&maxDepth=3`,
      {
        body: irisTestCsv(),
      },
    )
    assert.equal(res.status, 200)
    // What the preview stores when format 2's receipt would not fit zkVerify's limits.
    const db = new DatabaseSync(join(h.dataDir, 'veritree.sqlite'))
    db.prepare('UPDATE quotes SET journal_formats_json = ? WHERE id = ?').run(
      '[1]',
      res.body.quoteId.toLowerCase(),
    )
    db.close()
    const jobId = await h.openJob(
      h.customer,
      market,
      await h.termsFor(res.body.quoteId, { journalFormat: 2 }),
    )
    await h.watcher.poll()
    const job = await runUntil(deps(), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'refunded', JSON.stringify(job.error))
    assert.equal(job.refund?.reason, UNPROVABLE_REASON.TERMS_MISMATCH)
    assert.equal(job.training, null, 'nothing was trained')
  })

  it('attack: a format-1 journal for a format-2 job is refused by the pipeline and by the market', async () => {
    const jobId = await pay(5000, '&maxDepth=3', 2)
    const job = await runUntil(deps({ prover: devModeProver({ format: 1 }) }), jobId, [
      'done',
      'failed',
      'refunded',
    ])
    assert.equal(job.state, 'refunded', JSON.stringify(job.error))
    assert.equal(job.refund?.reason, UNPROVABLE_REASON.PROVER_FAILED)
    assert.equal((await settledEvents(jobId)).length, 0)
  })

  it('attack: settle refuses, with the contract error, format-2 journals for another dataset, other parameters, or format 1', async () => {
    const jobId = await pay(5000, '&maxDepth=3', 2)
    const job = await h.store.getJob(jobId)
    const quote = await h.store.getQuote(job?.quoteId ?? '0x')
    const terms = await h.store.getQuoteTerms(job?.quoteId ?? '0x')
    assert.ok(quote && terms)
    const testSet = decodeTable(quote.testSet)
    const accuracy = {
      jobId,
      modelHash: terms.modelHash,
      testSetHash: quote.testSetHash,
      correct: testSet.rows,
      total: testSet.rows,
      thresholdBps: 5000,
      met: true,
    }
    const dataset = await h.store.getDataset(datasetId)
    assert.ok(dataset)
    const journal = (change: { datasetCommitment?: Hex; paramsHash?: Hex }) =>
      encodeTrainingJournal({
        format: 2,
        ...accuracy,
        datasetCommitment: dataset.commitment,
        paramsHash: quote.paramsHash,
        ...change,
      })
    // A dataset with one byte changed hashes to another commitment.
    assert.match(
      await settleRevert(jobId, journal({ datasetCommitment: flipLast(dataset.commitment) })),
      /DatasetMismatch/,
    )
    assert.match(
      await settleRevert(jobId, journal({ paramsHash: flipLast(quote.paramsHash) })),
      /ParamsMismatch/,
    )
    assert.match(
      await settleRevert(jobId, encodeJournal({ format: 1, ...accuracy })),
      /JournalFormatMismatch/,
    )
    assert.equal((await readChainJob(h.chain.publicClient, market, jobId)).status, 'Open')
  })

  it('a format-2 guest whose model differs from the quoted one gets the customer refunded (MODEL_MISMATCH)', async () => {
    const jobId = await pay(5000, '&maxDepth=3', 2)
    const differentTrainer = devModeProver({ params: (p) => ({ ...p, maxDepth: 1 }) })
    const job = await runUntil(deps({ prover: differentTrainer }), jobId, ['done', 'failed', 'refunded'])
    assert.equal(job.state, 'refunded', JSON.stringify(job.error))
    assert.equal(job.refund?.reason, UNPROVABLE_REASON.MODEL_MISMATCH)
  })
})

/** The same hex with its last digit changed. */
function flipLast(hex: Hex): Hex {
  return `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}` as Hex
}
