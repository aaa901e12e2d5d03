// The TypeScript half of the cross-language check: every vector in zkvm-guest/vectors/golden.json
// (also read by zkvm-guest/core/tests/golden.rs) must hold for this implementation.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import type { Hex } from 'viem'
import { ZKVERIFY_RISC0_LIMITS } from '../zkverify/limits.ts'
import {
  CanonicalError,
  datasetClasses,
  decodeAnyJournal,
  decodeFlatModel,
  decodeInferenceJournal,
  decodeInputs,
  decodeJournal,
  decodeModel,
  decodePredictions,
  decodeSaleJournal,
  decodeTable,
  decodeTrainingJournal,
  decodeTrainingParams,
  encodeInferenceJournal,
  encodeInputs,
  encodeJournal,
  encodeModel,
  encodePredictions,
  encodeTable,
  encodeTrainingJournal,
  encodeTrainingParams,
  evaluate,
  formatFixed,
  gainThresholdPpm,
  inputsHash,
  MAX_TRAINING_CYCLES,
  modelHash,
  parseFixed,
  predict,
  predictInputs,
  predictionsHash,
  RISC0_CONTEXT,
  RISC0_V3_0_TAG,
  TRAINING_CYCLE_MODEL,
  tableHash,
  thresholdMet,
  trainingCyclesBound,
  trainingParamsHash,
  zkVerifyStatement,
} from './index.ts'

type Named<T> = T & { name: string }
type Golden = {
  fixedPoint: {
    parse: { text: string; value: string }[]
    reject: { text: string; code: string }[]
    format: { value: string; text: string }[]
  }
  tables: Named<{
    rows: number
    features: number
    values: string[]
    labels: number[]
    hex: Hex
    sha256: Hex
  }>[]
  models: Named<{
    features: number
    classes: number
    nodes: Record<string, unknown>[]
    hex: Hex
    sha256: Hex
  }>[]
  evaluations: {
    model: string
    table: string
    jobId: Hex
    thresholdBps: number
    predictions: number[]
    correct: number
    total: number
    met: boolean
    journal: Hex
  }[]
  malformed: {
    models: Named<{ hex: Hex; code: string }>[]
    tables: Named<{ hex: Hex; code: string }>[]
    evaluations: Named<{ model: Hex; table: Hex; thresholdBps: number; code: string }>[]
    journals: Named<{ hex: Hex; code: string }>[]
    trainingJournals: Named<{ hex: Hex; code: string }>[]
    inputs: Named<{ hex: Hex; code: string }>[]
    predictions: Named<{ hex: Hex; code: string }>[]
    inferenceJournals: Named<{ hex: Hex; code: string }>[]
    inferences: Named<{ model: Hex; inputs: Hex; code: string }>[]
  }
  inferenceJournals: Named<{
    model: string
    table: string
    inputsHex: Hex
    predictions: number[]
    predictionsHex: Hex
    requestId: Hex
    modelHash: Hex
    inputsHash: Hex
    count: number
    predictionsHash: Hex
    journal: Hex
  }>[]
  trainingJournals: Named<{
    dataset: string
    testSet: string
    paramsHex: Hex
    classes: number
    modelHex: Hex
    jobId: Hex
    modelHash: Hex
    testSetHash: Hex
    correct: number
    total: number
    thresholdBps: number
    met: boolean
    datasetCommitment: Hex
    paramsHash: Hex
    journal: Hex
  }>[]
  anyJournals: Named<{ hex: Hex; format?: number; code?: string }>[]
  trainingCycles: {
    model: Record<string, number>
    maxCycles: number
    cases: Named<{
      datasetRows: number
      features: number
      classes: number
      maxDepth: number
      minLeafSize: number
      testRows: number
      bound: string
    }>[]
  }
  zkVerify: { imageId: Hex; journal: Hex; risc0Context: Hex; versionTag: Hex; statement: Hex }
  trainingParams: {
    encode: Named<{
      maxDepth: number
      minLeafSize: number
      gainThresholdPpm: number
      hex: Hex
      sha256: Hex
    }>[]
    gainThreshold: { parse: { text: string; ppm: number }[]; reject: { text: string; code: string }[] }
    malformed: Named<{ hex: Hex; code: string }>[]
  }
  zkVerifyLimits: Record<string, number>
}

const golden = JSON.parse(
  readFileSync(new URL('../../../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
) as Golden
const hexOf = (b: Uint8Array): Hex => `0x${Buffer.from(b).toString('hex')}`
const byName = <T extends { name: string }>(list: T[], name: string): T =>
  list.find((x) => x.name === name) ?? assert.fail(`no vector ${name}`)
const rejects = (f: () => unknown, code: string, what: string) =>
  assert.throws(
    f,
    (e: unknown) => e instanceof CanonicalError && e.code === code,
    `${what} must be rejected with ${code}`,
  )

describe('golden vectors (shared with the Rust core)', () => {
  it('fixed point: parse, reject, format', () => {
    for (const c of golden.fixedPoint.parse)
      assert.equal(parseFixed(c.text), BigInt(c.value), JSON.stringify(c.text))
    for (const c of golden.fixedPoint.reject)
      rejects(() => parseFixed(c.text), c.code, JSON.stringify(c.text))
    for (const c of golden.fixedPoint.format) assert.equal(formatFixed(BigInt(c.value)), c.text)
  })

  it('tables: bytes and sha256', () => {
    for (const t of golden.tables) {
      const table = {
        rows: t.rows,
        features: t.features,
        values: BigInt64Array.from(t.values.map(BigInt)),
        labels: Uint16Array.from(t.labels),
      }
      const bytes = encodeTable(table)
      assert.equal(hexOf(bytes), t.hex, t.name)
      assert.deepEqual(decodeTable(t.hex), table)
      assert.equal(tableHash(bytes), t.sha256)
    }
  })

  it('models: bytes, preorder nodes and sha256', () => {
    for (const m of golden.models) {
      const flat = decodeFlatModel(m.hex)
      const nodes = flat.nodes.map((n) =>
        n.kind === 'split' ? { ...n, threshold: n.threshold.toString() } : n,
      )
      assert.deepEqual(nodes, m.nodes, m.name)
      assert.equal(flat.features, m.features)
      assert.equal(flat.classes, m.classes)
      const bytes = encodeModel(decodeModel(m.hex))
      assert.equal(hexOf(bytes), m.hex)
      assert.equal(modelHash(bytes), m.sha256)
    }
  })

  it('evaluations and journals', () => {
    for (const e of golden.evaluations) {
      const model = decodeModel(byName(golden.models, e.model).hex)
      const table = decodeTable(byName(golden.tables, e.table).hex)
      assert.deepEqual(
        Array.from({ length: table.rows }, (_, r) => predict(model, table.values, r)),
        e.predictions,
      )
      const { correct, total } = evaluate(model, table)
      assert.deepEqual({ correct, total }, { correct: e.correct, total: e.total })
      const met = thresholdMet(correct, total, e.thresholdBps)
      assert.equal(met, e.met)
      const journal = {
        format: 1 as const,
        jobId: e.jobId,
        modelHash: byName(golden.models, e.model).sha256,
        testSetHash: byName(golden.tables, e.table).sha256,
        correct,
        total,
        thresholdBps: e.thresholdBps,
        met,
      }
      assert.equal(encodeJournal(journal), e.journal, `${e.model} on ${e.table}`)
      assert.deepEqual(decodeJournal(e.journal), journal)
    }
  })

  it('malformed inputs are rejected with the same code as in Rust', () => {
    for (const c of golden.malformed.models) rejects(() => decodeModel(c.hex), c.code, `model "${c.name}"`)
    for (const c of golden.malformed.tables) rejects(() => decodeTable(c.hex), c.code, `table "${c.name}"`)
    for (const c of golden.malformed.evaluations) {
      rejects(
        () => {
          const r = evaluate(decodeModel(c.model), decodeTable(c.table))
          thresholdMet(r.correct, r.total, c.thresholdBps)
        },
        c.code,
        `evaluation "${c.name}"`,
      )
    }
    for (const c of golden.malformed.journals)
      rejects(() => decodeJournal(c.hex), c.code, `journal "${c.name}"`)
  })

  it('zkVerify statement', () => {
    const z = golden.zkVerify
    assert.equal(RISC0_CONTEXT, z.risc0Context)
    assert.equal(RISC0_V3_0_TAG, z.versionTag)
    assert.equal(zkVerifyStatement(z.imageId, z.journal), z.statement)
  })

  it('training parameters: bytes, paramsHash and the decimal gain threshold', () => {
    const t = golden.trainingParams
    assert.ok(t.encode.length > 0 && t.gainThreshold.parse.length > 0)
    for (const c of t.encode) {
      const params = {
        maxDepth: c.maxDepth,
        minLeafSize: c.minLeafSize,
        gainThresholdPpm: c.gainThresholdPpm,
      }
      assert.equal(hexOf(encodeTrainingParams(params)), c.hex, c.name)
      assert.equal(trainingParamsHash(params), c.sha256, c.name)
      assert.deepEqual(decodeTrainingParams(c.hex), params, c.name)
    }
    for (const c of t.gainThreshold.parse)
      assert.equal(gainThresholdPpm(c.text), c.ppm, JSON.stringify(c.text))
    for (const c of t.gainThreshold.reject)
      rejects(() => gainThresholdPpm(c.text), c.code, `gainThreshold ${JSON.stringify(c.text)}`)
    for (const c of t.malformed) rejects(() => decodeTrainingParams(c.hex), c.code, `params "${c.name}"`)
  })

  it('format-2 journals: commitments, the trained model, accuracy and the 320 bytes', () => {
    assert.ok(golden.trainingJournals.length > 0)
    for (const v of golden.trainingJournals) {
      const dataset = byName(golden.tables, v.dataset)
      const testSet = byName(golden.tables, v.testSet)
      assert.equal(datasetClasses(decodeTable(dataset.hex)), v.classes, v.name)
      assert.equal(v.datasetCommitment, tableHash(encodeTable(decodeTable(dataset.hex))), v.name)
      assert.equal(v.paramsHash, trainingParamsHash(decodeTrainingParams(v.paramsHex)), v.name)
      assert.equal(v.modelHash, modelHash(encodeModel(decodeModel(v.modelHex))), v.name)
      assert.equal(v.testSetHash, testSet.sha256, v.name)
      const model = decodeModel(v.modelHex)
      assert.equal(model.classes, v.classes, `${v.name}: the model has the dataset's classes`)
      const { correct, total } = evaluate(model, decodeTable(testSet.hex))
      assert.deepEqual({ correct, total }, { correct: v.correct, total: v.total }, v.name)
      assert.equal(thresholdMet(correct, total, v.thresholdBps), v.met, v.name)
      const journal = {
        format: 2 as const,
        jobId: v.jobId,
        modelHash: v.modelHash,
        testSetHash: v.testSetHash,
        correct,
        total,
        thresholdBps: v.thresholdBps,
        met: v.met,
        datasetCommitment: v.datasetCommitment,
        paramsHash: v.paramsHash,
      }
      assert.equal(encodeTrainingJournal(journal), v.journal, v.name)
      assert.deepEqual(decodeTrainingJournal(v.journal), journal, v.name)
      assert.deepEqual(decodeAnyJournal(v.journal), journal, v.name)
    }
  })

  it('malformed format-2 journals and either-format decoding, as in Rust', () => {
    assert.ok(golden.malformed.trainingJournals.length > 0 && golden.anyJournals.length > 0)
    for (const c of golden.malformed.trainingJournals)
      rejects(() => decodeTrainingJournal(c.hex), c.code, `training journal "${c.name}"`)
    for (const c of golden.anyJournals) {
      if (c.format !== undefined) assert.equal(decodeAnyJournal(c.hex).format, c.format, c.name)
      else rejects(() => decodeAnyJournal(c.hex), c.code as string, `any journal "${c.name}"`)
    }
  })

  it('format-3 journals: inputs, predictions, their hashes and the 192 bytes', () => {
    assert.ok(golden.inferenceJournals.length > 0)
    for (const v of golden.inferenceJournals) {
      const table = decodeTable(byName(golden.tables, v.table).hex)
      const model = decodeModel(byName(golden.models, v.model).hex)
      assert.equal(hexOf(encodeInputs(table)), v.inputsHex, `${v.name}: the table's rows without labels`)
      const inputs = decodeInputs(v.inputsHex)
      assert.deepEqual([...inputs.values], [...table.values], v.name)
      assert.equal(inputsHash(encodeInputs(inputs)), v.inputsHash, v.name)
      const predictions = predictInputs(model, inputs)
      assert.deepEqual([...predictions], v.predictions, v.name)
      assert.equal(hexOf(encodePredictions(predictions)), v.predictionsHex, v.name)
      assert.deepEqual([...decodePredictions(v.predictionsHex)], v.predictions, v.name)
      assert.equal(predictionsHash(encodePredictions(predictions)), v.predictionsHash, v.name)
      assert.equal(v.modelHash, byName(golden.models, v.model).sha256, v.name)
      assert.equal(v.count, table.rows, v.name)
      const journal = {
        format: 3 as const,
        requestId: v.requestId,
        modelHash: v.modelHash,
        inputsHash: v.inputsHash,
        count: v.count,
        predictionsHash: v.predictionsHash,
      }
      assert.equal(encodeInferenceJournal(journal), v.journal, v.name)
      assert.deepEqual(decodeInferenceJournal(v.journal), journal, v.name)
      assert.deepEqual(decodeAnyJournal(v.journal), journal, v.name)
      rejects(() => decodeSaleJournal(v.journal), 'JOURNAL_FORMAT', `${v.name} as a sale's journal`)
    }
  })

  it('malformed format-3 inputs, predictions and journals, as in Rust', () => {
    const m = golden.malformed
    assert.ok(m.inputs.length > 0 && m.predictions.length > 0 && m.inferenceJournals.length > 0)
    for (const c of m.inputs) rejects(() => decodeInputs(c.hex), c.code, `inputs "${c.name}"`)
    for (const c of m.predictions) rejects(() => decodePredictions(c.hex), c.code, `predictions "${c.name}"`)
    for (const c of m.inferenceJournals)
      rejects(() => decodeInferenceJournal(c.hex), c.code, `inference journal "${c.name}"`)
    for (const c of m.inferences)
      rejects(() => predictInputs(decodeModel(c.model), decodeInputs(c.inputs)), c.code, c.name)
  })

  it('mode 2 cycle bound: constants and values shared with cost.rs', () => {
    const t = golden.trainingCycles
    assert.deepEqual(t.model, TRAINING_CYCLE_MODEL)
    assert.equal(t.maxCycles, MAX_TRAINING_CYCLES)
    assert.ok(t.cases.length > 0)
    for (const { name, bound, ...shape } of t.cases)
      assert.equal(trainingCyclesBound(shape).toString(), bound, name)
  })

  it('zkVerify limits are the ones the TypeScript side enforces', () => {
    assert.deepEqual(golden.zkVerifyLimits, ZKVERIFY_RISC0_LIMITS)
  })
})
