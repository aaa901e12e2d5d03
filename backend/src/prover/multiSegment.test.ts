// Multi-segment receipts (real proofs, no dev mode): a receipt of at least 3 segments, made quick by a
// small --segment-po2, survives its CBOR round trip (what zkVerify decodes) and verifies; progress is
// reported per segment; an input whose receipt zkVerify could not accept is refused before proving.
// Needs the CLI built by `bash scripts/build-zkvm.sh`.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { encodeModel, encodeTable, modelHash, tableHash } from '@veritree/core/canonical'
import { type Hex, keccak256, stringToHex } from 'viem'
import {
  execute,
  getImageId,
  ProverFailedError,
  ProverInputTooLargeError,
  type ProverProgress,
  prove,
  verifyReceipt,
} from './index.ts'
import { syntheticModel, syntheticTable } from './syntheticFixture.ts'

const REAL = { RISC0_DEV_MODE: undefined }
const SEGMENT_PO2 = 16
const PROOF_TIMEOUT_MS = 40 * 60_000
const jobId: Hex = keccak256(stringToHex('veritree:multi-segment-test'))
// A depth-4 tree (31 nodes): the streaming guest compiles the model for both row parities, so a
// 511-node model alone fills ~5 segments of 2^16 before the first row; the test is about segments.
const modelBytes = encodeModel(syntheticModel(4, 4 * 7919))
const tableOf = (rows: number) => encodeTable(syntheticTable(rows, rows * 104729 + 4))

let work: string
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'veritree-multisegment-test-'))
})
after(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('multi-segment receipts', { timeout: 2 * PROOF_TIMEOUT_MS }, () => {
  let testSetBytes: Uint8Array
  let segments: number

  it(`finds a test set that executes as 3-4 segments of 2^${SEGMENT_PO2} cycles`, async () => {
    // By execution, not by a hard-coded row count, so the test still holds when the guest gets cheaper.
    // Paging and fixed costs alone take ~2 segments of 2^16 (50 rows ran as 4 segments, 100 as 5), so the
    // search starts small and goes up.
    for (const rows of [5, 10, 20, 30, 40, 50, 65, 80, 100, 150, 200, 300, 500, 800, 1300, 2000, 3000]) {
      const bytes = tableOf(rows)
      const r = await execute({
        modelBytes,
        testSetBytes: bytes,
        jobId,
        thresholdBps: 0,
        segmentPo2: SEGMENT_PO2,
        env: REAL,
      })
      if (r.segments >= 3 && r.segments <= 4) {
        assert.equal(r.fitsZkVerify, true, r.problems.join('; '))
        testSetBytes = bytes
        segments = r.segments
        return
      }
      if (r.segments > 4) break
    }
    assert.fail('no test set size gave 3 or 4 segments')
  })

  it('proves it with per-segment progress; the CBOR receipt verifies, tampered or misattributed it does not', {
    timeout: PROOF_TIMEOUT_MS,
  }, async () => {
    const imageId = await getImageId()
    const progress: ProverProgress[] = []
    const r = await prove({
      modelBytes,
      testSetBytes,
      jobId,
      thresholdBps: 0,
      segmentPo2: SEGMENT_PO2,
      workDir: join(work, 'multi'),
      env: REAL,
      onProgress: (p) => progress.push(p),
      timeoutMs: PROOF_TIMEOUT_MS,
    })
    assert.equal(r.devMode, false)
    assert.equal(r.receiptKind, 'composite')
    assert.equal(r.imageId, imageId, 'the prover binary did not change during the test')
    assert.equal(r.segments, segments)
    assert.equal(r.zkVerify.segments, segments)
    assert.ok(r.segmentPo2s.every((p) => p <= SEGMENT_PO2))
    assert.equal(r.zkVerifyCompatible, true, r.zkVerify.problems.join('; '))
    assert.equal(r.decoded.modelHash, modelHash(modelBytes))
    assert.equal(r.decoded.testSetHash, tableHash(testSetBytes))
    assert.equal(r.decoded.met, true)

    // One start and one done line per segment, in order, each naming the segment count.
    const perSegment = progress.filter((p) => p.stage === 'prove')
    assert.deepEqual(
      perSegment.map((p) => `${p.status} ${p.segment}/${p.segments}`),
      Array.from({ length: segments }, (_, i) => [`start ${i}/${segments}`, `done ${i}/${segments}`]).flat(),
    )

    // The written file is decoded from CBOR by the CLI, exactly as zkVerify's verifier decodes `proof`.
    const v = await verifyReceipt({ receiptPath: r.receiptPath, imageId, journal: r.journal, env: REAL })
    assert.equal(v.zkVerify.segments, segments)
    assert.equal(v.zkVerifyCompatible, true)

    // A byte flipped inside each segment's seal (segments are laid out in order in the CBOR).
    const original = await readFile(r.receiptPath)
    for (let s = 0; s < segments; s++) {
      const at = Math.floor(((s + 0.5) / segments) * original.length)
      const tampered = Buffer.from(original)
      tampered[at] = (tampered[at] as number) ^ 0x10
      const path = join(work, `tampered-${s}.cbor`)
      await writeFile(path, tampered)
      await assert.rejects(
        verifyReceipt({ receiptPath: path, imageId, journal: r.journal, env: REAL }),
        ProverFailedError,
        `segment ${s} tampered`,
      )
    }
    await assert.rejects(
      verifyReceipt({
        receiptPath: r.receiptPath,
        imageId: keccak256(stringToHex('another guest')),
        env: REAL,
      }),
      /does not verify against image id/,
    )
  })

  it('more than 4 segments: refused before proving (exit 3, ProverInputTooLargeError)', async () => {
    const big = tableOf(4000)
    const e = await execute({
      modelBytes,
      testSetBytes: big,
      jobId,
      thresholdBps: 0,
      segmentPo2: SEGMENT_PO2,
      env: REAL,
    })
    assert.ok(e.segments > 4)
    assert.equal(e.fitsZkVerify, false)
    assert.match(e.problems.join(';'), /at most 4 allowed/)
    const progress: ProverProgress[] = []
    await assert.rejects(
      prove({
        modelBytes,
        testSetBytes: big,
        jobId,
        thresholdBps: 0,
        segmentPo2: SEGMENT_PO2,
        workDir: join(work, 'too-large'),
        env: REAL,
        onProgress: (p) => progress.push(p),
      }),
      (err: unknown) => {
        assert.ok(err instanceof ProverInputTooLargeError)
        assert.equal(err.code, 'test_set_too_large')
        assert.equal(err.refusal.segments, e.segments)
        assert.equal(err.refusal.limits.maxSegments, 4)
        return true
      },
    )
    assert.ok(!progress.some((p) => p.stage === 'prove'), 'no segment was proven')
  })

  it('a segment po2 above what fits zkVerify is refused before proving', async () => {
    // 12,000 rows are over 2^20 cycles however cheap the guest gets, so the first segment is po2 21.
    await assert.rejects(
      prove({
        modelBytes,
        testSetBytes: tableOf(12_000),
        jobId,
        thresholdBps: 0,
        segmentPo2: 21,
        workDir: join(work, 'po2-21'),
        env: REAL,
      }),
      (err: unknown) => {
        assert.ok(err instanceof ProverInputTooLargeError)
        assert.match(err.message, /segment po2 21/)
        return true
      },
    )
  })
})
