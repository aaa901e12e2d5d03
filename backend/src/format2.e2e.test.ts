/**
 * Format 2 ("proof of training") end to end with ONE REAL RISC Zero proof: the pipeline runs in-process
 * with the real prover (guest mode 2: dataset and parameter bytes in, the guest trains, evaluates and
 * commits the 320-byte journal), the local verifier re-verifies the receipt with the CLI, and settle,
 * HCS and the certificate are real. Iris at maxDepth 2 keeps the proof small.
 *
 * Then the attacks, with journals the real guest computes (`execute`, no proof) for a second format-2
 * job, each aggregated by an aggregator that checks nothing (so only the market stands in the way):
 * a dataset with one byte changed, other parameters, and a format-1 journal. Each is refused by
 * `settle` with the contract's error, and by the pipeline's own journal check before that.
 *
 * Needs the prover (bash scripts/build-zkvm.sh). Without it the suite is skipped, unless
 * VERITREE_REQUIRE_PROVER=1, which makes a missing prover a failure.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { decodeSaleJournal } from '@veritree/core/canonical'
import pino from 'pino'
import type { Address, Hex } from 'viem'
import { allPassed, checkCertificate } from './certificate/checkCertificate.ts'
import { verifyReceiptBytesWithCli } from './certificate/cliReceiptVerifier.ts'
import { readChainJob } from './chain/market.ts'
import { createHederaTimestampLog, type HederaTimestampLog } from './hcs/hederaTimestampLog.ts'
import { type LocalHcsNode, startLocalHcsNode } from './hcs/localNode/startLocalHcsNode.ts'
import { createCliProver } from './jobs/cliProver.ts'
import type { PipelineDeps } from './jobs/deps.ts'
import { createJobWorker } from './jobs/worker.ts'
import { execute, executeTraining, getImageId, resolveProverBin, verifyReceipt } from './prover/index.ts'
import { type Harness, startHarness } from './testing/harness.ts'
import { signIn, type TestClient } from './testing/http.ts'
import { irisCsv, irisTestCsv } from './testing/iris.ts'
import { revertName } from './testing/revert.ts'
import { unseal } from './vault/seal.ts'
import { openSqliteAggregationIdStore } from './zkverify/aggregationIdStore.ts'
import { createLocalVerifier, type LocalVerifier } from './zkverify/localVerifier.ts'

const skip =
  !existsSync(resolveProverBin()) && process.env.VERITREE_REQUIRE_PROVER !== '1'
    ? 'prover not built (bash scripts/build-zkvm.sh)'
    : false

/** Small enough to prove in minutes on two cores: iris (120 training rows) at depth 2. */
const PREVIEW = 'thresholdBps=5000&maxDepth=2&minLeafSize=5&gainThreshold=0'

describe('format 2 sale end to end (real proof)', { skip, timeout: 40 * 60_000 }, () => {
  let h: Harness
  let hcs: LocalHcsNode
  let hcsLog: HederaTimestampLog
  let verifier: LocalVerifier
  let permissive: LocalVerifier
  let imageId: Hex
  let market: Address
  let datasetId: number
  let customer: TestClient
  let soldModel: Uint8Array

  before(async () => {
    imageId = await getImageId()
    h = await startHarness({ imageId })
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
    const local = (check: boolean) =>
      createLocalVerifier({
        publicClient: h.chain.publicClient,
        walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
        aggregationAddress: h.chain.deployment.zkVerify,
        domainId: 0n,
        // The pipeline's verifier re-verifies the real receipt; the attacker's aggregates anything.
        verifyReceipt: check ? (request) => verifyReceipt(request) : async () => undefined,
        batch: { maxSize: 1, maxWaitMs: 0 },
        store: ids,
      })
    verifier = local(true)
    permissive = local(false)
  })
  after(async () => {
    hcsLog?.close()
    await hcs?.close()
    await h?.close()
  })

  const deps = (): PipelineDeps => ({
    store: h.store,
    dataKey: h.dataKey,
    prover: createCliProver(),
    verifier,
    timestampLog: hcsLog,
    publicClient: h.chain.publicClient,
    walletClient: h.chain.wallets[0] as PipelineDeps['walletClient'],
    factory: h.chain.deployment.factory,
    proverImageId: async () => imageId,
    workDir: join(h.dataDir, 'jobs'),
    events: h.events,
    logger: pino({ level: 'silent' }),
    proveTimeoutMs: 30 * 60_000,
    trainTimeoutMs: 60_000,
  })
  const payFormat2 = async (): Promise<{ jobId: Hex; quoteId: Hex }> => {
    const preview = await customer.request('POST', `/datasets/${datasetId}/preview?${PREVIEW}`, {
      body: irisTestCsv(),
    })
    assert.equal(preview.status, 200, JSON.stringify(preview.body))
    const format2 = preview.body.formats.find((f: { journalFormat: number }) => f.journalFormat === 2)
    assert.equal(format2?.fits, true, JSON.stringify(preview.body.formats))
    const jobId = await h.openJob(
      h.customer,
      market,
      await h.termsFor(preview.body.quoteId, { journalFormat: 2 }),
    )
    await h.watcher.poll()
    return { jobId, quoteId: preview.body.quoteId }
  }

  it('a format-2 sale on iris is proven for real, settled, and its certificate passes every check', async () => {
    const { jobId } = await payFormat2()
    const worker = createJobWorker(deps(), { pollMs: 50, baseRetryDelayMs: 5, maxRetryDelayMs: 50 })
    worker.start()
    let job = await h.store.getJob(jobId)
    try {
      for (;;) {
        job = await h.store.getJob(jobId)
        if (job && ['done', 'failed', 'refunded'].includes(job.state)) break
        await new Promise((r) => setTimeout(r, 500))
      }
    } finally {
      await worker.stop()
    }
    assert.equal(job?.state, 'done', JSON.stringify(job?.error))
    assert.equal(job?.settlement?.outcome?.status, 'Settled')
    assert.ok(job?.training && job.proof)
    soldModel = job.training.model
    const journal = decodeSaleJournal(job.proof.journal)
    assert.equal(journal.format, 2)
    if (journal.format !== 2) return
    const dataset = await h.store.getDataset(datasetId)
    assert.equal(journal.datasetCommitment, dataset?.commitment)
    assert.equal(journal.paramsHash, job.terms?.paramsHash)
    assert.equal(journal.modelHash, job.training.modelHash, 'the guest trained the quoted model')

    const certificate = await h.client().request('GET', `/certificates/${jobId}`)
    assert.equal(certificate.status, 200)
    const checks = await checkCertificate(certificate.body, {
      publicClient: h.chain.publicClient,
      mirrorUrl: hcs.mirrorUrl,
      verifyReceipt: verifyReceiptBytesWithCli,
    })
    assert.ok(allPassed(checks), JSON.stringify(checks.filter((c) => c.status === 'fail')))
    assert.deepEqual(
      checks.filter((c) => c.status !== 'pass').map((c) => c.id),
      [],
      'nothing skipped: the receipt, chain and mirror are all checked',
    )
  })

  it('attacks: a tampered dataset byte, other parameters, a format-1 journal are each refused by settle', async () => {
    assert.ok(soldModel, 'needs the sale above')
    const { jobId, quoteId } = await payFormat2()
    const quote = await h.store.getQuote(quoteId)
    const terms = await h.store.getQuoteTerms(quoteId)
    const blob = await h.store.getSealedBlob(datasetId)
    assert.ok(quote && terms?.modelSalt && blob)
    const datasetBytes = unseal(h.dataKey, datasetId, blob)
    const common = { testSetBytes: quote.testSet, jobId, thresholdBps: 5000 }

    /** Aggregates the journal with the permissive aggregator, then tries settle; returns the revert. */
    const settleWith = async (journal: Hex): Promise<string> => {
      const proof = await permissive.verify({ receiptPath: '/dev/null', imageId, journal })
      try {
        await h.chain.publicClient.simulateContract({
          account: h.chain.wallets[0]?.account,
          address: market,
          abi: datasetMarketAbi,
          functionName: 'settle',
          args: [
            jobId,
            journal,
            terms.modelSalt as Hex,
            {
              domainId: proof.domainId,
              aggregationId: proof.aggregationId,
              merklePath: proof.merklePath,
              leafCount: proof.leafCount,
              index: proof.index,
            },
          ],
        })
        return 'settle did not revert'
      } catch (error) {
        return revertName(error)
      }
    }

    // One feature byte of the first row changed (after the 8-byte header): another dataset.
    const tampered = Uint8Array.from(datasetBytes)
    tampered[8] = (tampered[8] ?? 0) ^ 1
    const onTampered = await executeTraining({
      ...common,
      datasetBytes: tampered,
      params: quote.params,
    })
    assert.match(await settleWith(onTampered.journal), /DatasetMismatch/)

    const otherParams = await executeTraining({
      ...common,
      datasetBytes,
      params: { ...quote.params, minLeafSize: quote.params.minLeafSize + 1 },
    })
    assert.match(await settleWith(otherParams.journal), /ParamsMismatch/)

    const formatOne = await execute({ ...common, modelBytes: soldModel })
    assert.match(await settleWith(formatOne.journal), /JournalFormatMismatch/)

    assert.equal((await readChainJob(h.chain.publicClient, market, jobId)).status, 'Open')
  })
})
