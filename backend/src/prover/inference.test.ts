// Format 3 ("inference proof") through the real CLI. Every test but the last runs the guest with
// `execute` (no proof); the last proves a 4-row batch for real and verifies the receipt with the
// real verifier (no dev mode). Needs `bash scripts/build-zkvm.sh`; without it every test fails
// with ProverNotBuiltError's message.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  decodeInferenceJournal,
  decodeInputs,
  decodeModel,
  encodeInputs,
  encodeModel,
  encodePredictions,
  inputsHash,
  modelHash,
  predictInputs,
  predictionsHash,
} from '@veritree/core/canonical'
import { type Hex, keccak256, stringToHex } from 'viem'
import {
  executeInference,
  ProverFailedError,
  ProverInputTooLargeError,
  proveInference,
  verifyReceipt,
} from './index.ts'
import { irisGoodModel, irisTestSet, irisWeakModel } from './irisFixture.ts'
import { syntheticModel, syntheticTable } from './syntheticFixture.ts'

type InferenceVector = {
  name: string
  model: string
  table: string
  inputsHex: Hex
  predictions: number[]
  predictionsHex: Hex
  requestId: Hex
  journal: Hex
}
type Golden = { inferenceJournals: InferenceVector[]; models: { name: string; hex: Hex }[] }
const golden = JSON.parse(
  await readFile(new URL('../../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
) as Golden
const modelHex = (name: string): Hex =>
  golden.models.find((m) => m.name === name)?.hex ?? assert.fail(`no golden model ${name}`)
const bytes = (h: Hex): Uint8Array => Uint8Array.from(Buffer.from(h.slice(2), 'hex'))

// Real proofs must never silently become fake ones because the caller's shell set dev mode.
const REAL = { RISC0_DEV_MODE: undefined }
const PROOF_TIMEOUT_MS = 15 * 60_000

const requestId = keccak256(stringToHex('veritree:inference-test-request'))
const modelBytes = encodeModel(irisGoodModel())
const inputsBytes = encodeInputs(irisTestSet())

let work: string
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'veritree-inference-test-'))
})
after(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('veritree-prover execute --mode 3', () => {
  it('the guest commits exactly the golden format-3 journals (guest = Rust core = TypeScript)', async () => {
    assert.ok(golden.inferenceJournals.length > 0)
    for (const v of golden.inferenceJournals) {
      const r = await executeInference({
        modelBytes: bytes(modelHex(v.model)),
        inputsBytes: bytes(v.inputsHex),
        requestId: v.requestId,
        env: REAL,
      })
      assert.equal(r.journal, v.journal, v.name)
      assert.equal(r.predictions, v.predictionsHex, v.name)
      assert.deepEqual([...r.labels], v.predictions, v.name)
      assert.deepEqual(decodeInferenceJournal(r.journal), r.decoded, v.name)
    }
  })

  it("the guest's predictions are the TypeScript evaluator's, row for row (depth 8, 8 features)", async () => {
    const model = syntheticModel(8, 7)
    const inputs = syntheticTable(300, 11)
    const r = await executeInference({
      modelBytes: encodeModel(model),
      inputsBytes: encodeInputs(inputs),
      requestId,
    })
    const expected = predictInputs(model, decodeInputs(encodeInputs(inputs)))
    assert.deepEqual([...r.labels], [...expected])
    assert.equal(r.decoded.count, 300)
    assert.equal(r.decoded.modelHash, modelHash(encodeModel(model)))
    assert.equal(r.decoded.inputsHash, inputsHash(encodeInputs(inputs)))
    assert.equal(r.decoded.predictionsHash, predictionsHash(encodePredictions(expected)))
    assert.equal(r.decoded.requestId, requestId)
    assert.ok(r.estimate.fits && r.estimate.estimatedCycles >= r.userCycles, 'the cycle bound holds here')
    assert.equal(r.fitsZkVerify, true)
  })

  it('inputs with another feature count than the model are refused with a clear error', async () => {
    const threeFeatures = encodeInputs({ rows: 2, features: 3, values: new BigInt64Array(6) })
    await assert.rejects(
      executeInference({ modelBytes, inputsBytes: threeFeatures, requestId }),
      (e: unknown) => {
        assert.ok(e instanceof ProverFailedError)
        assert.match(
          e.stderrTail,
          /guest rejected the input[\s\S]*EVAL_FEATURES: model has 4 features but the test set has 3/,
        )
        return true
      },
    )
  })

  it('a labelled test set is not inputs (length refused by the guest)', async () => {
    const table = bytes(golden.inferenceJournals[0]?.inputsHex as Hex)
    const labelled = new Uint8Array(table.length + 2)
    labelled.set(table)
    await assert.rejects(
      executeInference({ modelBytes: bytes(modelHex('small-2class')), inputsBytes: labelled, requestId }),
      (e: unknown) => e instanceof ProverFailedError && /TABLE_LENGTH/.test(e.stderrTail),
    )
  })

  it('attack: a changed prediction byte no longer hashes to the journal’s predictionsHash', async () => {
    const r = await executeInference({ modelBytes, inputsBytes, requestId })
    const predictions = bytes(r.predictions)
    for (const at of [0, predictions.length - 2]) {
      const tampered = Uint8Array.from(predictions)
      tampered[at] = ((tampered[at] as number) + 1) % 3
      assert.notEqual(predictionsHash(tampered), r.decoded.predictionsHash, `byte ${at}`)
    }
    assert.equal(predictionsHash(predictions), r.decoded.predictionsHash)
  })

  it('attack: another model, inputs or request is another journal', async () => {
    const good = await executeInference({ modelBytes, inputsBytes, requestId })
    const weak = await executeInference({ modelBytes: encodeModel(irisWeakModel()), inputsBytes, requestId })
    assert.equal(good.decoded.modelHash, modelHash(modelBytes))
    assert.equal(weak.decoded.modelHash, modelHash(encodeModel(irisWeakModel())))
    assert.notEqual(weak.decoded.modelHash, good.decoded.modelHash)
    assert.notEqual(
      weak.decoded.predictionsHash,
      good.decoded.predictionsHash,
      'the weak model errs on some rows',
    )
    const oneRowChanged = Uint8Array.from(inputsBytes)
    oneRowChanged[8] = (oneRowChanged[8] as number) ^ 1
    const other = await executeInference({ modelBytes, inputsBytes: oneRowChanged, requestId })
    assert.notEqual(other.decoded.inputsHash, good.decoded.inputsHash)
    const otherRequest = keccak256(stringToHex('veritree:another-request'))
    const replay = await executeInference({ modelBytes, inputsBytes, requestId: otherRequest })
    assert.equal(replay.decoded.requestId, otherRequest)
    assert.notEqual(replay.journal, good.journal, 'a journal is bound to its request')
  })

  it('a batch far beyond the cycle bound is refused before executing (exit 3, estimated)', async () => {
    // 80,000 rows × 8 features at depth 8: a bound above 8 × the receipt limit, so `prove` refuses
    // from the shapes alone (executing would hold ~30 segments first).
    const rows = 80_000
    const huge = encodeInputs({ rows, features: 8, values: new BigInt64Array(rows * 8) })
    await assert.rejects(
      proveInference({
        modelBytes: encodeModel(syntheticModel(8, 7)),
        inputsBytes: huge,
        requestId,
        workDir: join(work, 'refused'),
        env: REAL,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ProverInputTooLargeError)
        assert.equal(e.refusal.estimated, true)
        assert.ok(e.refusal.cycles > 8 * 3_145_728)
        assert.match(e.refusal.problems.join(' '), /split the rows into smaller batches/)
        return true
      },
    )
  })

  it('the model the guest predicts with is the one decoded from its bytes', () => {
    // Guards the fixtures above: the golden iris model is the prover tests' irisGoodModel.
    assert.deepEqual(decodeModel(modelHex('iris-good')), irisGoodModel())
  })
})

describe('veritree-prover prove --mode 3 (real proof)', () => {
  it('proves a 4-row batch, and the receipt verifies with the real verifier', {
    timeout: PROOF_TIMEOUT_MS,
  }, async () => {
    const four = encodeInputs({ ...irisTestSet(), rows: 4, values: irisTestSet().values.slice(0, 16) })
    const dir = join(work, 'prove-4')
    const r = await proveInference({ modelBytes, inputsBytes: four, requestId, workDir: dir, env: REAL })
    assert.equal(r.devMode, false)
    assert.equal(r.zkVerifyCompatible, true)
    assert.equal(r.decoded.count, 4)
    assert.equal(r.decoded.inputsHash, inputsHash(four))
    assert.deepEqual([...r.labels], [...predictInputs(irisGoodModel(), decodeInputs(four))])
    const v = await verifyReceipt({
      receiptPath: r.receiptPath,
      imageId: r.imageId,
      journal: r.journal,
      env: REAL,
    })
    assert.equal(v.ok, true)
    assert.deepEqual(v.decoded, r.decoded)
  })
})
