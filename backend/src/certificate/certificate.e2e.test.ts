/**
 * End to end, with a REAL RISC Zero proof (no dev mode): an in-process Hardhat chain with the Veritree
 * contracts, one sale (createDataset, openJob), the prover CLI, the local zkVerify verifier, settle,
 * the local HCS node through the real Hedera SDK, then the certificate -- checked in-process and with
 * the verify-receipt CLI, and tampered field by field. Needs the prover binary (`bash
 * scripts/build-zkvm.sh`); without it the test fails with ProverNotBuiltError's message.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { demoLinearCurve } from '@veritree/contracts/curves'
import { deployVeritree } from '@veritree/contracts/deploy'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { type JobTerms, modelCommitment } from '@veritree/contracts/job-terms'
import { encodeModel, type Model, modelHash, trainingParamsHash } from '@veritree/core/canonical'
import type { CertificateBundle, Check, CheckId } from '@veritree/core/certificate'
import {
  buildCertificate,
  type CertificateInput,
  hcsSummary,
  type SaleFacts,
} from '@veritree/core/certificate'
import { flipHex } from '@veritree/core/certificate/testing'
import { type Address, type Hex, keccak256, parseEventLogs, sha256, toHex } from 'viem'
import type { TimestampReceipt } from '../attest/types.ts'
import { createHederaTimestampLog, type HederaTimestampLog } from '../hcs/hederaTimestampLog.ts'
import { type LocalHcsNode, startLocalHcsNode } from '../hcs/localNode/startLocalHcsNode.ts'
import { fetchTopicMessage, runningHashHex } from '../hcs/mirrorClient.ts'
import { getImageId, prove, verifyReceipt } from '../prover/index.ts'
import { irisGoodModel, irisTestSetBytes, irisWeakModel } from '../prover/irisFixture.ts'
import { type InProcessChain, startInProcessChain } from '../testing/chain.ts'
import { startRpcBridge } from '../testing/rpcBridge.ts'
import { openSqliteAggregationIdStore } from '../zkverify/aggregationIdStore.ts'
import { ReceiptRejectedError } from '../zkverify/errors.ts'
import { createLocalVerifier, type LocalVerifier } from '../zkverify/localVerifier.ts'
import { allPassed, checkCertificate } from './checkCertificate.ts'
import { verifyReceiptBytesWithCli } from './cliReceiptVerifier.ts'

const PARAMS = { maxDepth: 3, minLeafSize: 5, gainThresholdPpm: 10_000 }
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/verify-receipt.ts')
const THRESHOLD_BPS = 9000

/** Runs the CLI without blocking this process: the chain and the HCS node it queries live here. */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0
        done({ status, stdout, stderr })
      },
    )
  })
}

describe('certificate end to end (real proof, in-process chain, local HCS node)', () => {
  let dir: string
  let chain: InProcessChain
  let rpc: { url: string; close(): Promise<void> }
  let hcsNode: LocalHcsNode
  let hcsLog: HederaTimestampLog
  let verifier: LocalVerifier
  let store: ReturnType<typeof openSqliteAggregationIdStore>
  let receiptPath: string
  let receiptBytes: Uint8Array
  let input: CertificateInput
  let bundle: CertificateBundle
  /** A second sale whose model misses the threshold: refunded, met = false. */
  let refund: { bundle: CertificateBundle; receiptBytes: Uint8Array }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veritree-certificate-e2e-'))
    chain = await startInProcessChain()
    rpc = await startRpcBridge(chain.provider)
    const [owner, operator, vendor, customer] = chain.wallets
    const { publicClient } = chain
    const wait = async (hash: Hex) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      assert.equal(receipt.status, 'success')
      return receipt
    }

    const imageId = await getImageId()
    const deployment = await deployVeritree({
      walletClient: owner,
      publicClient,
      imageId,
      operator: operator.account.address,
    })
    const commitment = keccak256(toHex('e2e dataset commitment'))
    const created = await wait(
      await vendor.writeContract({
        address: deployment.factory,
        abi: datasetFactoryAbi,
        functionName: 'createDataset',
        args: [commitment, demoLinearCurve, 'ipfs://e2e'],
      }),
    )
    const [datasetCreated] = parseEventLogs({
      abi: datasetFactoryAbi,
      eventName: 'DatasetCreated',
      logs: created.logs,
    })
    const market: Address = datasetCreated.args.market
    const testSetBytes = irisTestSetBytes()
    const testSetHash = sha256(testSetBytes)
    const chainId = await publicClient.getChainId()

    store = openSqliteAggregationIdStore(join(dir, 'aggregations.sqlite'))
    verifier = createLocalVerifier({
      publicClient,
      walletClient: operator,
      aggregationAddress: deployment.zkVerify,
      domainId: 0n,
      verifyReceipt,
      batch: { maxSize: 1, maxWaitMs: 0 },
      store,
    })
    hcsNode = await startLocalHcsNode({ dbPath: join(dir, 'hcs.sqlite') })
    hcsLog = await createHederaTimestampLog({
      network: 'local',
      grpcEndpoint: hcsNode.grpcEndpoint,
      operatorId: hcsNode.operatorId,
      operatorKey: hcsNode.operatorKey,
      mirrorUrl: hcsNode.mirrorUrl,
    })
    // An earlier message, so the running hash is checked from a real predecessor, not the topic start.
    await hcsLog.submit(new TextEncoder().encode('an earlier sale'))

    /** One whole sale, as the backend's pipeline runs it: open, prove, verify, settle, timestamp. */
    const sell = async (model: Model, label: string) => {
      const quoteId = keccak256(toHex(`e2e quote ${label}`))
      const modelBytes = encodeModel(model)
      const salt = keccak256(toHex(`e2e salt ${label}`))
      const terms: JobTerms = {
        testSetHash,
        paramsHash: trainingParamsHash(PARAMS),
        modelCommitment: modelCommitment(modelHash(modelBytes), salt),
        quoteId,
        quoteExpiresAt: BigInt(Math.floor(Date.now() / 1000) + 3600),
        thresholdBps: THRESHOLD_BPS,
        journalFormat: 1,
      }
      const price = await publicClient.readContract({
        address: market,
        abi: datasetMarketAbi,
        functionName: 'price',
      })
      const opened = await wait(
        await customer.writeContract({
          address: market,
          abi: datasetMarketAbi,
          functionName: 'openJob',
          args: [terms, price],
          value: price,
        }),
      )
      const [jobOpened] = parseEventLogs({ abi: datasetMarketAbi, eventName: 'JobOpened', logs: opened.logs })
      const jobId = jobOpened.args.jobId
      const proof = await prove({
        modelBytes,
        testSetBytes,
        jobId,
        thresholdBps: THRESHOLD_BPS,
        workDir: join(dir, label),
      })
      const proofBytes = new Uint8Array(readFileSync(proof.receiptPath))
      const aggregation = await verifier.verify({
        receiptPath: proof.receiptPath,
        imageId,
        journal: proof.journal,
      })
      const settled = await wait(
        await operator.writeContract({
          address: market,
          abi: datasetMarketAbi,
          functionName: 'settle',
          args: [
            jobId,
            proof.journal,
            salt,
            {
              domainId: aggregation.domainId,
              aggregationId: aggregation.aggregationId,
              merklePath: aggregation.merklePath,
              leafCount: aggregation.leafCount,
              index: aggregation.index,
            },
          ],
        }),
      )
      const sale: SaleFacts = {
        chainId,
        market,
        jobId,
        quoteId,
        datasetCommitment: commitment,
        params: PARAMS,
        paramsHash: trainingParamsHash(PARAMS),
        journalFormat: 1,
        thresholdBps: THRESHOLD_BPS,
        priceWei: price,
        modelHash: proof.decoded.modelHash,
        testSetHash,
        correct: proof.decoded.correct,
        total: proof.decoded.total,
        met: proof.decoded.met,
        imageId,
      }
      const summary = hcsSummary({
        sale,
        statement: aggregation.statement,
        aggregationId: aggregation.aggregationId,
        settleTx: settled.transactionHash,
      })
      const timestamp: TimestampReceipt = await hcsLog.submit(summary)
      const previous = await fetchTopicMessage(
        hcsNode.mirrorUrl,
        timestamp.topicId,
        timestamp.sequenceNumber - 1n,
      )
      assert.ok(previous)
      const saleInput: CertificateInput = {
        sale,
        dataset: { id: 1, name: 'iris', chainDatasetId: datasetCreated.args.datasetId.toString() },
        journal: proof.journal,
        receipt: { url: `/api/jobs/${jobId}/receipt`, bytes: proofBytes },
        zkVerifyMode: 'local',
        aggregation,
        settleTx: settled.transactionHash,
        timestamp,
        previousRunningHash: runningHashHex(previous),
      }
      return { input: saleInput, receiptPath: proof.receiptPath, receiptBytes: proofBytes }
    }

    const good = await sell(irisGoodModel(), 'good')
    input = good.input
    receiptPath = good.receiptPath
    receiptBytes = good.receiptBytes
    bundle = buildCertificate(input)
    const weak = await sell(irisWeakModel(), 'weak')
    refund = { bundle: buildCertificate(weak.input), receiptBytes: weak.receiptBytes }
  })

  after(async () => {
    hcsLog?.close()
    await hcsNode?.close()
    store?.close()
    await rpc?.close()
    await chain?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const statusOf = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))

  it('the certificate of a real sale passes every check', async () => {
    const checks = await checkCertificate(bundle, {
      publicClient: chain.publicClient,
      mirrorUrl: hcsNode.mirrorUrl,
      receiptBytes,
      verifyReceipt: verifyReceiptBytesWithCli,
    })
    assert.ok(
      // Format 1 proves no training: that one check is skipped, saying so.
      checks.every((c) => c.status === 'pass' || (c.id === 'journal.training' && c.status === 'skipped')),
      JSON.stringify(
        checks.filter((c) => c.status !== 'pass'),
        null,
        2,
      ),
    )
    assert.equal(checks.length, 16)
    assert.equal(bundle.job.met, true)
  })

  it('the certificate of a sale that missed its threshold passes every check and says NOT met', async () => {
    const checks = await checkCertificate(refund.bundle, {
      publicClient: chain.publicClient,
      mirrorUrl: hcsNode.mirrorUrl,
      receiptBytes: refund.receiptBytes,
      verifyReceipt: verifyReceiptBytesWithCli,
    })
    assert.ok(
      // Format 1 proves no training: that one check is skipped, saying so.
      checks.every((c) => c.status === 'pass' || (c.id === 'journal.training' && c.status === 'skipped')),
      JSON.stringify(
        checks.filter((c) => c.status !== 'pass'),
        null,
        2,
      ),
    )
    assert.equal(refund.bundle.job.met, false)
    assert.match(refund.bundle.claims.proven[1], /it was NOT met\./)
    assert.match(checks.find((c) => c.id === 'chain.job')?.detail ?? '', /^job Refunded/)
  })

  it('npm run verify-receipt checks the same bundle with --receipt, --rpc and --mirror, and fails a tampered one', async () => {
    const good = join(dir, 'bundle.json')
    writeFileSync(good, JSON.stringify(bundle, null, 2))
    const args = [good, '--receipt', receiptPath, '--rpc', rpc.url, '--mirror', hcsNode.mirrorUrl]
    const ok = await runCli(args)
    assert.equal(ok.status, 0, ok.stdout + ok.stderr)
    assert.match(ok.stdout, /^OK: 15 passed, 0 failed, 1 skipped$/m)

    const bad = join(dir, 'tampered.json')
    writeFileSync(
      bad,
      JSON.stringify({ ...bundle, job: { ...bundle.job, quoteId: flipHex(bundle.job.quoteId) } }),
    )
    const failed = await runCli([bad, '--rpc', rpc.url])
    assert.equal(failed.status, 1, failed.stdout + failed.stderr)
    assert.match(failed.stdout, /^✗ .*\[chain\.job\]$/m)
  })

  it('a receipt that fails verification never reaches an aggregation', async () => {
    const tampered = Uint8Array.from(receiptBytes)
    tampered[Math.floor(tampered.length / 2)] ^= 0x01
    const badPath = join(dir, 'tampered.cbor')
    writeFileSync(badPath, tampered)
    await assert.rejects(
      verifier.verify({ receiptPath: badPath, imageId: bundle.proof.imageId, journal: bundle.proof.journal }),
      ReceiptRejectedError,
    )
    await assert.rejects(
      verifier.verify({ receiptPath, imageId: flipHex(bundle.proof.imageId), journal: bundle.proof.journal }),
      ReceiptRejectedError,
    )
    assert.equal(verifier.pending, 0)
    const checks = await checkCertificate(bundle, {
      receiptBytes: tampered,
      verifyReceipt: verifyReceiptBytesWithCli,
    })
    assert.equal(statusOf(checks)['receipt.verify'], 'fail')
    assert.equal(statusOf(checks)['receipt.sha256'], 'fail')
  })

  type Tamper = { field: string; mutate: (b: CertificateBundle) => void; fails: CheckId; cli?: boolean }
  const tampers: Tamper[] = [
    {
      field: 'dataset.commitment',
      mutate: (b) => void Object.assign(b.dataset, { commitment: flipHex(b.dataset.commitment) }),
      fails: 'chain.dataset',
    },
    {
      field: 'dataset.market',
      mutate: (b) => void Object.assign(b.dataset, { market: '0x0000000000000000000000000000000000000001' }),
      fails: 'chain.settlement',
    },
    {
      field: 'dataset.chainDatasetId',
      mutate: (b) => void Object.assign(b.dataset, { chainDatasetId: '7' }),
      fails: 'chain.dataset',
    },
    {
      field: 'job.chainId',
      mutate: (b) => void Object.assign(b.job, { chainId: 1 }),
      fails: 'chain.network',
    },
    {
      field: 'job.jobId',
      mutate: (b) => void Object.assign(b.job, { jobId: flipHex(b.job.jobId) }),
      fails: 'journal.fields',
    },
    {
      field: 'job.quoteId',
      mutate: (b) => void Object.assign(b.job, { quoteId: flipHex(b.job.quoteId) }),
      fails: 'chain.job',
    },
    {
      field: 'job.testSetHash',
      mutate: (b) => void Object.assign(b.job, { testSetHash: flipHex(b.job.testSetHash) }),
      fails: 'journal.fields',
    },
    {
      field: 'job.thresholdBps',
      mutate: (b) => void Object.assign(b.job, { thresholdBps: 5000 }),
      fails: 'journal.fields',
    },
    {
      field: 'job.priceWei',
      mutate: (b) => void Object.assign(b.job, { priceWei: '1' }),
      fails: 'chain.job',
    },
    {
      field: 'job.modelHash',
      mutate: (b) => void Object.assign(b.job, { modelHash: flipHex(b.job.modelHash) }),
      fails: 'journal.fields',
    },
    {
      field: 'job.correct',
      mutate: (b) => void Object.assign(b.job, { correct: b.job.total }),
      fails: 'journal.fields',
    },
    {
      field: 'job.total',
      mutate: (b) => void Object.assign(b.job, { total: b.job.total + 1 }),
      fails: 'journal.fields',
    },
    { field: 'job.met', mutate: (b) => void Object.assign(b.job, { met: false }), fails: 'journal.fields' },
    {
      field: 'proof.imageId',
      mutate: (b) => void Object.assign(b.proof, { imageId: flipHex(b.proof.imageId) }),
      fails: 'receipt.verify',
      cli: true,
    },
    {
      field: 'proof.journal',
      mutate: (b) => void Object.assign(b.proof, { journal: flipHex(b.proof.journal) }),
      fails: 'receipt.verify',
      cli: true,
    },
    {
      field: 'proof.receipt.sha256',
      mutate: (b) => void Object.assign(b.proof.receipt, { sha256: flipHex(b.proof.receipt.sha256) }),
      fails: 'receipt.sha256',
    },
    {
      field: 'zkVerify.statement',
      mutate: (b) => void Object.assign(b.zkVerify, { statement: flipHex(b.zkVerify.statement) }),
      fails: 'zkverify.statement',
    },
    {
      field: 'zkVerify.domainId',
      mutate: (b) => void Object.assign(b.zkVerify, { domainId: '9' }),
      fails: 'chain.aggregation',
    },
    {
      field: 'zkVerify.aggregationId',
      mutate: (b) => void Object.assign(b.zkVerify, { aggregationId: '99' }),
      fails: 'chain.aggregation',
    },
    {
      field: 'zkVerify.merklePath',
      mutate: (b) => void Object.assign(b.zkVerify, { merklePath: [keccak256(toHex('x'))] }),
      fails: 'zkverify.merklePath',
    },
    {
      field: 'zkVerify.leafCount',
      mutate: (b) => void Object.assign(b.zkVerify, { leafCount: '2' }),
      fails: 'zkverify.merklePath',
    },
    {
      field: 'zkVerify.index',
      mutate: (b) => void Object.assign(b.zkVerify, { index: '1' }),
      fails: 'zkverify.merklePath',
    },
    {
      field: 'zkVerify.root',
      mutate: (b) => void Object.assign(b.zkVerify, { root: flipHex(b.zkVerify.root) }),
      fails: 'chain.aggregation',
    },
    {
      field: 'zkVerify.aggregationContract',
      mutate: (b) => void Object.assign(b.zkVerify, { aggregationContract: b.dataset.market }),
      fails: 'chain.aggregation',
    },
    {
      field: 'settlement.txHash',
      mutate: (b) => void Object.assign(b.settlement, { txHash: flipHex(b.settlement.txHash) }),
      fails: 'chain.settlement',
    },
    {
      field: 'timestamp.topicId',
      mutate: (b) => void Object.assign(b.timestamp, { topicId: '0.0.999999' }),
      fails: 'hcs.message',
    },
    {
      field: 'timestamp.sequenceNumber',
      mutate: (b) => void Object.assign(b.timestamp, { sequenceNumber: '1' }),
      fails: 'hcs.message',
    },
    {
      field: 'timestamp.consensusTimestamp',
      mutate: (b) => void Object.assign(b.timestamp, { consensusTimestamp: '1.000000000' }),
      fails: 'hcs.message',
    },
    {
      field: 'timestamp.runningHash',
      mutate: (b) => void Object.assign(b.timestamp, { runningHash: flipHex(b.timestamp.runningHash) }),
      fails: 'hcs.message',
    },
    {
      field: 'timestamp.previousRunningHash',
      mutate: (b) =>
        void Object.assign(b.timestamp, {
          previousRunningHash: flipHex(b.timestamp.previousRunningHash ?? '0x'),
        }),
      fails: 'hcs.runningHash',
    },
    {
      field: 'timestamp.transactionId',
      mutate: (b) =>
        void Object.assign(b.timestamp, {
          transactionId: `0.0.98@${b.timestamp.transactionId.split('@')[1]}`,
        }),
      fails: 'hcs.message',
    },
    { field: 'claims', mutate: (b) => void b.claims.notProven.pop(), fails: 'claims.statement' },
    {
      field: 'version',
      mutate: (b) => void Object.assign(b, { version: 'veritree.certificate/9' }),
      fails: 'bundle.schema',
    },
  ]
  for (const { field, mutate, fails, cli } of tampers) {
    it(`tampering ${field} fails ${fails}`, async () => {
      const tampered = structuredClone(bundle)
      mutate(tampered)
      const checks = await checkCertificate(tampered, {
        publicClient: chain.publicClient,
        mirrorUrl: hcsNode.mirrorUrl,
        receiptBytes,
        // The CLI re-verification costs a second or two, so it runs only where the receipt is the point.
        ...(cli ? { verifyReceipt: verifyReceiptBytesWithCli } : {}),
      })
      const named = checks.find((c) => c.id === fails)
      assert.equal(
        named?.status,
        'fail',
        `${fails}: ${JSON.stringify(
          checks.filter((c) => c.status === 'fail'),
          null,
          2,
        )}`,
      )
      assert.equal(allPassed(checks), false)
    })
  }
})
