import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import {
  CanonicalError,
  datasetClasses,
  decodeAnyJournal,
  decodeInferenceJournal,
  decodeInputs,
  decodeJournal,
  decodeModel,
  decodeTable,
  decodeTrainingJournal,
  encodeInferenceJournal,
  encodeInputs,
  encodeJournal,
  encodeModel,
  encodePredictions,
  encodeTable,
  encodeTrainingJournal,
  evaluate,
  FixedPointError,
  INFERENCE_JOURNAL_BYTES,
  type Model,
  type ModelNode,
  parseFixed,
  predictInputs,
  predictionsHash,
  TRAINING_JOURNAL_BYTES,
  thresholdMet,
  zkVerifyStatement,
} from './index.ts'

const leaf = (label: number): ModelNode => ({ kind: 'leaf', label })
const code = (c: string) => (e: unknown) => e instanceof CanonicalError && e.code === c

describe('parseFixed', () => {
  it('throws FixedPointError whose message names the problem', () => {
    assert.throws(
      () => parseFixed('abc'),
      (e: unknown) =>
        e instanceof FixedPointError && /FIXED_SYNTAX: "abc" is not a decimal number/.test(e.message),
    )
    assert.throws(() => parseFixed('1e13'), /FIXED_RANGE/)
  })
})

describe('model encoding', () => {
  it('round-trips a degenerate 50k-deep tree without recursion', () => {
    let root: ModelNode = leaf(1)
    for (let d = 0; d < 50_000; d++)
      root = { kind: 'split', feature: 0, threshold: BigInt(d), left: leaf(0), right: root }
    const m: Model = { features: 1, classes: 2, root }
    const bytes = encodeModel(m)
    assert.equal(bytes.length, 8 + 50_000 * 19 + 50_001 * 3)
    assert.deepEqual(encodeModel(decodeModel(bytes)), bytes)
  })

  it('rejects trees it cannot encode canonically', () => {
    assert.throws(() => encodeModel({ features: 1, classes: 2, root: leaf(2) }), code('MODEL_CLASS'))
    assert.throws(
      () =>
        encodeModel({
          features: 1,
          classes: 2,
          root: { kind: 'split', feature: 1, threshold: 0n, left: leaf(0), right: leaf(1) },
        }),
      code('MODEL_FEATURE'),
    )
    assert.throws(
      () =>
        encodeModel({
          features: 1,
          classes: 2,
          root: { kind: 'split', feature: 0, threshold: 2n ** 63n, left: leaf(0), right: leaf(1) },
        }),
      code('MODEL_SHAPE'),
    )
    assert.throws(() => encodeModel({ features: 0, classes: 2, root: leaf(0) }), code('MODEL_SHAPE'))
  })

  it('rejects malformed hex', () => {
    assert.throws(() => decodeModel('0x123' as Hex), code('HEX'))
    assert.throws(() => decodeTable('nothex' as Hex), code('HEX'))
  })
})

describe('table encoding', () => {
  it('rejects inconsistent shapes', () => {
    assert.throws(
      () => encodeTable({ rows: 2, features: 1, values: BigInt64Array.of(1n), labels: Uint16Array.of(0, 0) }),
      code('TABLE_SHAPE'),
    )
    assert.throws(
      () => encodeTable({ rows: 0, features: 1, values: new BigInt64Array(0), labels: new Uint16Array(0) }),
      code('TABLE_EMPTY'),
    )
  })

  it('decodes from a subarray view (non-zero byteOffset)', () => {
    const bytes = encodeTable({
      rows: 1,
      features: 2,
      values: BigInt64Array.of(-5n, 7n),
      labels: Uint16Array.of(3),
    })
    const padded = new Uint8Array(bytes.length + 3)
    padded.set(bytes, 3)
    assert.deepEqual(decodeTable(padded.subarray(3)).values, BigInt64Array.of(-5n, 7n))
  })
})

describe('evaluation and threshold', () => {
  it('sends equal values left', () => {
    const m: Model = {
      features: 1,
      classes: 2,
      root: { kind: 'split', feature: 0, threshold: 10n, left: leaf(0), right: leaf(1) },
    }
    const t = {
      rows: 3,
      features: 1,
      values: BigInt64Array.of(9n, 10n, 11n),
      labels: Uint16Array.of(0, 0, 1),
    }
    assert.deepEqual(evaluate(m, t), { correct: 3, total: 3 })
  })

  it('decides met in exact integers', () => {
    assert.equal(thresholdMet(27, 30, 9000), true)
    assert.equal(thresholdMet(26, 30, 9000), false)
    assert.equal(thresholdMet(0xffff_ffff, 0xffff_ffff, 10_000), true)
    assert.equal(thresholdMet(0xffff_fffe, 0xffff_ffff, 10_000), false)
    assert.throws(() => thresholdMet(1, 1, 10_001), code('THRESHOLD_RANGE'))
    assert.throws(() => thresholdMet(1, 1, 0.5), code('THRESHOLD_RANGE'))
  })
})

describe('journal', () => {
  const j = {
    format: 1 as const,
    jobId: `0x${'11'.repeat(32)}` as Hex,
    modelHash: `0x${'22'.repeat(32)}` as Hex,
    testSetHash: `0x${'33'.repeat(32)}` as Hex,
    correct: 29,
    total: 30,
    thresholdBps: 9000,
    met: true,
  }

  it('is 256 bytes and round-trips', () => {
    const h = encodeJournal(j)
    assert.equal(h.length, 2 + 512)
    assert.deepEqual(decodeJournal(h), j)
  })

  it('rejects out-of-range fields', () => {
    assert.throws(() => encodeJournal({ ...j, correct: -1 }), code('JOURNAL_FIELD'))
    assert.throws(() => encodeJournal({ ...j, jobId: '0x11' }), code('JOURNAL_FIELD'))
  })

  it('statement rejects an image id that is not 32 bytes', () => {
    assert.throws(() => zkVerifyStatement('0x1234', encodeJournal(j)), code('HEX'))
  })
})

describe('format-2 journal', () => {
  const t = {
    format: 2 as const,
    jobId: `0x${'11'.repeat(32)}` as Hex,
    modelHash: `0x${'22'.repeat(32)}` as Hex,
    testSetHash: `0x${'33'.repeat(32)}` as Hex,
    correct: 29,
    total: 30,
    thresholdBps: 9000,
    met: true,
    datasetCommitment: `0x${'44'.repeat(32)}` as Hex,
    paramsHash: `0x${'55'.repeat(32)}` as Hex,
  }

  it('is format 1 words then the two hashes, 320 bytes, and round-trips', () => {
    const h = encodeTrainingJournal(t)
    assert.equal(h.length, 2 + 2 * TRAINING_JOURNAL_BYTES)
    const one = encodeJournal({ ...t, format: 1 })
    assert.equal(h.slice(66, 2 + 512), one.slice(66), 'words 1..7 equal format 1')
    assert.equal(h.slice(2 + 512), `${'44'.repeat(32)}${'55'.repeat(32)}`)
    assert.deepEqual(decodeTrainingJournal(h), t)
  })

  it('never decodes as the other format', () => {
    const two = encodeTrainingJournal(t)
    const one = encodeJournal({ ...t, format: 1 })
    assert.throws(() => decodeJournal(two), code('JOURNAL_LENGTH'))
    assert.throws(() => decodeTrainingJournal(one), code('JOURNAL_LENGTH'))
    assert.equal(decodeAnyJournal(one).format, 1)
    assert.equal(decodeAnyJournal(two).format, 2)
  })

  it('rejects out-of-range fields and a wrong format', () => {
    assert.throws(() => encodeTrainingJournal({ ...t, paramsHash: '0x55' }), code('JOURNAL_FIELD'))
    assert.throws(() => encodeTrainingJournal({ ...t, datasetCommitment: '0x' }), code('JOURNAL_FIELD'))
    assert.throws(() => encodeTrainingJournal({ ...t, total: 2 ** 32 }), code('JOURNAL_FIELD'))
    // @ts-expect-error a format-1 journal is not a format-2 journal
    assert.throws(() => encodeTrainingJournal({ ...t, format: 1 }), code('JOURNAL_FIELD'))
  })

  it('datasetClasses is the largest label + 1, and refuses 65536 classes', () => {
    const table = (labels: number[]) => ({
      rows: labels.length,
      features: 1,
      values: new BigInt64Array(labels.length),
      labels: Uint16Array.from(labels),
    })
    assert.equal(datasetClasses(table([0, 4, 1])), 5)
    assert.equal(datasetClasses(table([0])), 1)
    assert.throws(() => datasetClasses(table([0, 0xffff])), code('TRAIN_LABEL'))
  })
})

describe('format 3: inputs, predictions and the inference journal', () => {
  const inputs = { rows: 2, features: 2, values: BigInt64Array.of(1n, -2n, 3n, 4n) }
  const model: Model = {
    features: 2,
    classes: 3,
    root: { kind: 'split', feature: 1, threshold: 0n, left: leaf(2), right: leaf(1) },
  }

  it('inputs are the table bytes without the labels', () => {
    const bytes = encodeInputs(inputs)
    assert.equal(bytes.length, 8 + 2 * 16)
    const table = encodeTable({ ...inputs, labels: Uint16Array.of(7, 9) })
    assert.deepEqual([...bytes.subarray(0, 24)], [...table.subarray(0, 24)])
    assert.deepEqual([...bytes.subarray(24)], [...table.subarray(26, 42)])
    assert.deepEqual(decodeInputs(bytes), inputs)
    assert.throws(
      () => encodeInputs({ ...inputs, rows: 0, values: new BigInt64Array(0) }),
      code('TABLE_EMPTY'),
    )
  })

  it('predictions: the evaluator per row, u16 LE, and a changed one changes the hash', () => {
    const predictions = predictInputs(model, inputs)
    assert.deepEqual([...predictions], [2, 1])
    const bytes = encodePredictions(predictions)
    assert.deepEqual([...bytes], [2, 0, 1, 0])
    const tampered = Uint8Array.from(bytes)
    tampered[2] = 2
    assert.notEqual(predictionsHash(tampered), predictionsHash(bytes))
    assert.throws(() => encodePredictions([]), code('PREDICTIONS_LENGTH'))
    assert.throws(() => encodePredictions([65536]), code('PREDICTION_CLASS'))
    assert.throws(() => encodePredictions([-1]), code('PREDICTION_CLASS'))
    assert.throws(() => predictInputs({ ...model, features: 3 }, inputs), code('EVAL_FEATURES'))
  })

  it('the journal refuses a zero count and a wrong format, and decodes strictly', () => {
    const h = `0x${'11'.repeat(32)}` as Hex
    const j = {
      format: 3 as const,
      requestId: h,
      modelHash: h,
      inputsHash: h,
      count: 2,
      predictionsHash: h,
    }
    const bytes = encodeInferenceJournal(j)
    assert.equal((bytes.length - 2) / 2, INFERENCE_JOURNAL_BYTES)
    assert.deepEqual(decodeInferenceJournal(bytes), j)
    assert.throws(() => encodeInferenceJournal({ ...j, count: 0 }), code('JOURNAL_FIELD'))
    assert.throws(() => encodeInferenceJournal({ ...j, format: 2 as unknown as 3 }), code('JOURNAL_FIELD'))
    assert.throws(() => decodeJournal(bytes), code('JOURNAL_LENGTH'))
  })
})
