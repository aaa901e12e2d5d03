// Format 2 ("proof of training") through the real CLI: the guest trains on the dataset itself.
// The `execute` tests run the guest without proving; the one test named "real proof" makes and
// verifies a real RISC Zero receipt (no dev mode; minutes on 2 cores). Needs
// `bash scripts/build-zkvm.sh`; without it every test fails with ProverNotBuiltError's message.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  datasetClasses,
  decodeJournal,
  decodeTrainingJournal,
  decodeTrainingParams,
  encodeTable,
  encodeTrainingJournal,
  tableHash,
  trainingParamsHash,
} from '@veritree/core/canonical'
import type { Hex } from 'viem'
import { executeTraining, ProverInputTooLargeError, proveTraining, verifyReceipt } from './index.ts'
import { irisTable, irisTestSet } from './irisFixture.ts'
import { trainWithProver } from './train.ts'

type TrainingVector = { name: string; paramsHex: Hex; jobId: Hex; thresholdBps: number; journal: Hex }
const golden = JSON.parse(
  await readFile(new URL('../../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
) as { trainingJournals: TrainingVector[] }
// Trained on all 150 iris rows at maxDepth 3 (minLeafSize 5, gain 0.01), evaluated on the 30-row set.
const vector =
  golden.trainingJournals.find((v) => v.name === 'iris-depth-3') ?? assert.fail('no iris-depth-3 vector')
const params = decodeTrainingParams(vector.paramsHex)
const { jobId, thresholdBps } = vector

// Real proofs must never silently become fake ones because the caller's shell set dev mode.
const REAL = { RISC0_DEV_MODE: undefined }
const PROOF_TIMEOUT_MS = 20 * 60_000

const datasetBytes = encodeTable(irisTable(150, 1))
const testSetBytes = encodeTable(irisTestSet())

let work: string
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'veritree-format2-test-'))
})
after(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('veritree-prover execute --mode 2', () => {
  it('the guest trains and commits exactly the golden format-2 journal (guest = Rust core = TypeScript)', async () => {
    const r = await executeTraining({ datasetBytes, params, testSetBytes, jobId, thresholdBps, env: REAL })
    assert.equal(r.journal, vector.journal)
    assert.equal(r.decoded.datasetCommitment, tableHash(datasetBytes))
    assert.equal(r.decoded.paramsHash, trainingParamsHash(params))
    assert.deepEqual([r.decoded.correct, r.decoded.total, r.decoded.met], [29, 30, true])
    assert.ok(r.estimate.fits && r.estimate.estimatedCycles >= r.userCycles, 'the bound holds here')
  })

  it('attack: one tampered dataset byte is another datasetCommitment', async () => {
    const tampered = Uint8Array.from(datasetBytes)
    tampered[8] = (tampered[8] as number) ^ 1 // lowest bit of row 0's first value: still a valid table
    const r = await executeTraining({ datasetBytes: tampered, params, testSetBytes, jobId, thresholdBps })
    assert.equal(r.decoded.datasetCommitment, tableHash(tampered))
    assert.notEqual(r.decoded.datasetCommitment, tableHash(datasetBytes))
  })

  it('attack: other parameters are another paramsHash (and here another model)', async () => {
    const other = { ...params, maxDepth: 1 }
    const r = await executeTraining({ datasetBytes, params: other, testSetBytes, jobId, thresholdBps })
    assert.equal(r.decoded.paramsHash, trainingParamsHash(other))
    assert.notEqual(r.decoded.paramsHash, trainingParamsHash(params))
    assert.equal(r.decoded.met, false, 'a stump gets 20 of 30')
  })

  it('a dataset beyond the cycle bound is refused before executing (exit 3, estimated)', async () => {
    const rows = 4000
    const big = {
      rows,
      features: 4,
      values: BigInt64Array.from({ length: rows * 4 }, (_, i) => BigInt((i * 7919) % 1000)),
      labels: Uint16Array.from({ length: rows }, (_, i) => i % 3),
    }
    await assert.rejects(
      proveTraining({
        datasetBytes: encodeTable(big),
        params: { ...params, maxDepth: 8 },
        testSetBytes,
        jobId,
        thresholdBps,
        workDir: join(work, 'refused'),
        env: REAL,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ProverInputTooLargeError)
        assert.equal(e.refusal.estimated, true)
        assert.ok(e.refusal.cycles > 3_145_728)
        return true
      },
    )
  })
})

describe('veritree-prover prove --mode 2', () => {
  it('real proof: iris at maxDepth 3 verifies; its journal commits the dataset, the params and the host trainer’s model', {
    timeout: PROOF_TIMEOUT_MS,
  }, async () => {
    const dir = join(work, 'iris')
    const r = await proveTraining({
      datasetBytes,
      params,
      testSetBytes,
      jobId,
      thresholdBps,
      workDir: dir,
      env: REAL,
    })
    assert.equal(r.devMode, false)
    assert.equal(r.receiptKind, 'composite')
    assert.equal(r.zkVerifyCompatible, true)
    assert.equal(r.journal, vector.journal)
    const journal = decodeTrainingJournal(r.journal)
    assert.equal(journal.datasetCommitment, tableHash(datasetBytes))
    assert.equal(journal.paramsHash, trainingParamsHash(params))
    // The model the guest trained is the one the host trainer (`veritree-prover train`) makes.
    const classes = datasetClasses(irisTable(150, 1))
    const trained = await trainWithProver({ dataset: datasetBytes, classes, params, env: REAL })
    assert.equal(journal.modelHash, trained.modelHash)

    const ok = await verifyReceipt({ receiptPath: r.receiptPath, imageId: r.imageId, journal: r.journal })
    assert.equal(ok.decoded.format, 2)
    assert.equal(ok.journal, r.journal)

    // The same receipt cannot be passed off with another dataset, other params, or as format 1.
    const tampered = Uint8Array.from(datasetBytes)
    tampered[8] = (tampered[8] as number) ^ 1
    for (const [what, forged] of [
      ['another dataset', { ...journal, datasetCommitment: tableHash(tampered) }],
      ['other params', { ...journal, paramsHash: trainingParamsHash({ ...params, maxDepth: 4 }) }],
    ] as const) {
      await assert.rejects(
        verifyReceipt({
          receiptPath: r.receiptPath,
          imageId: r.imageId,
          journal: encodeTrainingJournal(forged),
        }),
        /differs from the expected journal/,
        what,
      )
    }
    assert.throws(() => decodeJournal(r.journal), /JOURNAL_LENGTH/, 'not a format-1 journal')
  })
})
