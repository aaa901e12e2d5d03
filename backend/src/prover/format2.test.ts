// Format 2 ("proof of training") through the real CLI: the guest trains on the dataset itself.
// These tests run the guest with `execute` (no proof). The real format-2 proof, its verification and
// settle's refusals of a tampered dataset, other params and a format-1 journal are in
// backend/src/format2.e2e.test.ts (one proof per CI run is enough: each takes minutes). Needs
// `bash scripts/build-zkvm.sh`; without it every test fails with ProverNotBuiltError's message.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  datasetClasses,
  decodeTrainingParams,
  encodeTable,
  tableHash,
  trainingParamsHash,
} from '@veritree/core/canonical'
import type { Hex } from 'viem'
import { executeTraining, ProverInputTooLargeError, proveTraining } from './index.ts'
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
    assert.equal(r.estimate.refusedBeforeExecuting, false)
    // The model the guest trained is the one the host trainer (`veritree-prover train`) makes.
    const classes = datasetClasses(irisTable(150, 1))
    const trained = await trainWithProver({ dataset: datasetBytes, classes, params, env: REAL })
    assert.equal(r.decoded.modelHash, trained.modelHash)
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

  it('a dataset far beyond the cycle bound is refused before executing (exit 3, estimated)', async () => {
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
        assert.ok(e.refusal.cycles > 8 * 3_145_728)
        return true
      },
    )
  })

  it('a dataset above the bound but within 8x is executed, then refused on its real session (exit 3, not estimated)', async () => {
    const rows = 800
    const table = {
      rows,
      features: 8,
      values: BigInt64Array.from({ length: rows * 8 }, (_, i) => BigInt((i * 7919) % 1009)),
      labels: Uint16Array.from({ length: rows }, (_, i) => (i * 31) % 3),
    }
    const grow = { maxDepth: 4, minLeafSize: 1, gainThresholdPpm: 0 }
    const testSet = {
      ...table,
      rows: 30,
      values: table.values.slice(0, 240),
      labels: table.labels.slice(0, 30),
    }
    const inputs = {
      datasetBytes: encodeTable(table),
      params: grow,
      testSetBytes: encodeTable(testSet),
      jobId,
      thresholdBps,
    }
    const e = await executeTraining(inputs)
    assert.equal(e.estimate.fits, false)
    assert.equal(e.estimate.refusedBeforeExecuting, false)
    assert.ok(e.segments > 4 && !e.fitsZkVerify)
    await assert.rejects(
      proveTraining({ ...inputs, workDir: join(work, 'refused-after-execute'), env: REAL }),
      (err: unknown) => {
        assert.ok(err instanceof ProverInputTooLargeError)
        assert.equal(err.refusal.estimated, false)
        assert.equal(err.refusal.segments, e.segments)
        return true
      },
    )
  })
})
