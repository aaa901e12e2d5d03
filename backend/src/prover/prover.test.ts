// Real RISC Zero proofs (no dev mode except in the test whose name says so). Needs the CLI built by
// `bash scripts/build-zkvm.sh`; without it every test fails with ProverNotBuiltError's message.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeModel, encodeTable, evaluate, modelHash, tableHash } from '@veritree/core/canonical'
import { type Hex, keccak256, stringToHex } from 'viem'
import {
  execute,
  getImageId,
  ProverFailedError,
  ProverNotBuiltError,
  type ProverProgress,
  prove,
  requireProverBin,
  verifyReceipt,
} from './index.ts'
import { irisGoodModel, irisTable, irisTestSet, irisWeakModel } from './irisFixture.ts'
import { syntheticModel, syntheticTable } from './syntheticFixture.ts'

const golden = JSON.parse(
  await readFile(new URL('../../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
) as {
  evaluations: { model: string; table: string; jobId: Hex; thresholdBps: number; journal: Hex }[]
}
const goldenJournal = (model: string, thresholdBps: number): Hex =>
  golden.evaluations.find(
    (e) => e.model === model && e.table === 'iris-30' && e.thresholdBps === thresholdBps,
  )?.journal ?? assert.fail(`no golden evaluation for ${model} at ${thresholdBps}`)
const jobId = golden.evaluations[0]?.jobId as Hex

// Real proofs must never silently become fake ones because the caller's shell set dev mode.
const REAL = { RISC0_DEV_MODE: undefined }
const PROOF_TIMEOUT_MS = 15 * 60_000

const modelBytes = encodeModel(irisGoodModel())
const weakModelBytes = encodeModel(irisWeakModel())
const testSetBytes = encodeTable(irisTestSet())

let work: string
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'veritree-prover-test-'))
})
after(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('requireProverBin', () => {
  it('a missing binary gives ProverNotBuiltError naming the build script', async () => {
    assert.throws(
      () => requireProverBin({ VERITREE_PROVER_BIN: '/nonexistent/veritree-prover' }),
      ProverNotBuiltError,
    )
    await assert.rejects(getImageId({ env: { VERITREE_PROVER_BIN: '/nonexistent/veritree-prover' } }), {
      name: 'ProverNotBuiltError',
      message:
        /veritree-prover not found at \/nonexistent\/veritree-prover\. Build it with `bash scripts\/build-zkvm\.sh`/,
    })
  })
})

describe('veritree-prover execute', () => {
  it('the guest computes exactly the golden journal (guest = Rust core = TypeScript)', async () => {
    const r = await execute({ modelBytes, testSetBytes, jobId, thresholdBps: 9000, env: REAL })
    assert.equal(r.journal, goldenJournal('iris-good', 9000))
    assert.equal(r.decoded.modelHash, modelHash(modelBytes))
    assert.equal(r.decoded.testSetHash, tableHash(testSetBytes))
    assert.deepEqual([r.decoded.correct, r.decoded.total, r.decoded.met], [29, 30, true])
    assert.ok(r.cycles > 0 && r.segments >= 1)
  })

  it('a model that misses the threshold gets a journal with met = false, not a refusal', async () => {
    // The receipt of such a journal is proven and verified for real in certificate.e2e.test.ts (the
    // refunded sale) and pipeline.e2e.test.ts (hole 1), so this file does not prove it a third time.
    const r = await execute({
      modelBytes: weakModelBytes,
      testSetBytes,
      jobId,
      thresholdBps: 9000,
      env: REAL,
    })
    assert.equal(r.journal, goldenJournal('iris-weak', 9000))
    assert.deepEqual([r.decoded.correct, r.decoded.total, r.decoded.met], [14, 30, false])
  })

  it('invalid input makes the guest fail with the reason, and no journal', async () => {
    const broken = Uint8Array.from(modelBytes)
    broken[8 + 11] = 5 // root split's left child must be node 1
    await assert.rejects(
      execute({ modelBytes: broken, testSetBytes, jobId, thresholdBps: 9000 }),
      (e: unknown) => {
        assert.ok(e instanceof ProverFailedError)
        assert.equal(e.exitCode, 1)
        assert.match(e.stderrTail, /guest rejected the input[\s\S]*MODEL_STRUCTURE: node 0/)
        return true
      },
    )
    await assert.rejects(
      execute({ modelBytes, testSetBytes, jobId, thresholdBps: 10_001 }),
      /THRESHOLD_RANGE/,
    )
    await assert.rejects(
      execute({ modelBytes, testSetBytes: testSetBytes.subarray(0, -1), jobId, thresholdBps: 0 }),
      /TABLE_LENGTH/,
    )
  })

  it('test sets of every batch shape hash and count exactly as TypeScript does', async () => {
    // The guest streams rows in batches of 32: cover empty, partial, exact and one-past batches.
    const synthetic = syntheticModel(8, 11)
    for (const rows of [1, 31, 32, 33, 64, 65, 100]) {
      for (const [model, table] of [
        [irisGoodModel(), irisTable(rows, 7, 3)],
        [synthetic, syntheticTable(rows, rows)],
      ] as const) {
        const testSetBytes = encodeTable(table)
        const r = await execute({ modelBytes: encodeModel(model), testSetBytes, jobId, thresholdBps: 5000 })
        assert.equal(r.decoded.testSetHash, tableHash(testSetBytes), `${rows} rows x ${table.features}`)
        assert.deepEqual(
          [r.decoded.correct, r.decoded.total],
          [evaluate(model, table).correct, rows],
          `${rows} rows x ${table.features}`,
        )
      }
    }
  })

  it('bad arguments are rejected before running the guest', async () => {
    await assert.rejects(
      execute({ modelBytes, testSetBytes, jobId: '0x1234', thresholdBps: 9000 }),
      /--job-id must be 32 bytes/,
    )
  })
})

describe('veritree-prover prove + verify (real proofs, no dev mode)', {
  timeout: 4 * PROOF_TIMEOUT_MS,
}, () => {
  let imageId: Hex
  let receiptPath: string
  let journal: Hex

  it('proves the iris model on 30 rows and the receipt verifies', { timeout: PROOF_TIMEOUT_MS }, async () => {
    imageId = await getImageId()
    const progress: ProverProgress[] = []
    const dir = join(work, 'good')
    const r = await prove({
      modelBytes,
      testSetBytes,
      jobId,
      thresholdBps: 9000,
      workDir: dir,
      env: REAL,
      onProgress: (p) => progress.push(p),
      timeoutMs: PROOF_TIMEOUT_MS,
    })
    assert.equal(r.devMode, false)
    assert.equal(r.receiptKind, 'composite')
    assert.equal(r.imageId, imageId)
    assert.equal(r.journal, goldenJournal('iris-good', 9000))
    assert.equal(r.decoded.met, true)
    assert.equal(r.zkVerifyCompatible, true, r.zkVerify.problems.join('; '))
    assert.equal((await readFile(r.receiptPath)).length, r.receiptBytes)
    assert.equal(`0x${(await readFile(r.journalPath)).toString('hex')}`, r.journal)
    assert.ok(
      progress.some((p) => p.stage === 'prove' && p.status === 'done'),
      'per-segment progress was reported',
    )
    receiptPath = r.receiptPath
    journal = r.journal

    const v = await verifyReceipt({ receiptPath, imageId, journal, env: REAL })
    assert.equal(v.ok, true)
    assert.equal(v.journal, journal)
    assert.equal(v.decoded.format === 1 && v.decoded.correct, 29)
  })

  it('rejects the same receipt with one byte changed', async () => {
    const original = await readFile(receiptPath)
    for (const at of [
      Math.floor(original.length / 2),
      Math.floor((original.length * 3) / 4),
      original.length - 40,
    ]) {
      const tampered = Buffer.from(original)
      tampered[at] = (tampered[at] as number) ^ 0x01
      const path = join(work, `tampered-${at}.cbor`)
      await writeFile(path, tampered)
      await assert.rejects(
        verifyReceipt({ receiptPath: path, imageId, journal, env: REAL }),
        ProverFailedError,
        `byte ${at}`,
      )
    }
  })

  it('rejects the receipt against another image id or another journal', async () => {
    const otherImage = keccak256(stringToHex('not the veritree guest'))
    await assert.rejects(
      verifyReceipt({ receiptPath, imageId: otherImage, env: REAL }),
      /does not verify against image id/,
    )
    const otherJournal = goldenJournal('iris-weak', 9000)
    await assert.rejects(
      verifyReceipt({ receiptPath, imageId, journal: otherJournal, env: REAL }),
      /differs from the expected journal/,
    )
  })
})

describe('dev mode', () => {
  it('dev mode: a fake receipt is rejected unless RISC0_DEV_MODE is set', async () => {
    const dir = join(work, 'dev')
    const r = await prove({
      modelBytes,
      testSetBytes,
      jobId,
      thresholdBps: 9000,
      workDir: dir,
      env: { RISC0_DEV_MODE: '1' },
    })
    assert.equal(r.devMode, true)
    assert.equal(r.receiptKind, 'fake')
    assert.equal(r.zkVerifyCompatible, false)
    await assert.rejects(
      verifyReceipt({ receiptPath: r.receiptPath, imageId: r.imageId, env: REAL }),
      /dev-mode \(fake\) receipt/,
    )
    const v = await verifyReceipt({
      receiptPath: r.receiptPath,
      imageId: r.imageId,
      env: { RISC0_DEV_MODE: '1' },
    })
    assert.equal(v.receiptKind, 'fake')
  })
})
