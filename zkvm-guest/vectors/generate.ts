/**
 * Writes golden.json: the vectors that pin the canonical formats for BOTH implementations
 * (Rust: zkvm-guest/core/tests/golden.rs; TypeScript: backend/core/src/canonical/golden.test.ts).
 *
 * Expected fixed-point results below are written by hand, not computed, and this script refuses to
 * write if the TypeScript implementation disagrees with them. Bytes and hashes come from the
 * TypeScript encoder; the Rust tests then check every one of them independently.
 *
 * Run: node zkvm-guest/vectors/generate.ts   (Node 24; deterministic output)
 */
import { writeFileSync } from 'node:fs'
import {
  CanonicalError,
  datasetClasses,
  decodeAnyJournal,
  decodeInferenceJournal,
  decodeInputs,
  decodeJournal,
  decodeModel,
  decodePredictions,
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
  flattenModel,
  formatFixed,
  gainThresholdPpm,
  inputsHash,
  MAX_TRAINING_CYCLES,
  type Model,
  modelHash,
  parseFixed,
  predict,
  predictInputs,
  predictionsHash,
  type Table,
  TRAINING_CYCLE_MODEL,
  type TrainingParams,
  type TrainingShape,
  tableHash,
  thresholdMet,
  trainingCyclesBound,
  trainingParamsHash,
  zkVerifyStatement,
} from '@veritree/core/canonical'
import { ZKVERIFY_RISC0_LIMITS } from '@veritree/core/zkverify'
import { bytesToHex, type Hex, keccak256, stringToHex } from 'viem'
import { irisGoodModel, irisTable, irisTestSet, irisWeakModel } from '../../backend/src/prover/irisFixture.ts'
import { trainModel } from '../../backend/src/training/train.ts'

const parseCases: [string, string][] = [
  ['0', '0'],
  ['-0', '0'],
  ['3', '3000000'],
  ['-1.5', '-1500000'],
  ['+2', '2000000'],
  ['.5', '500000'],
  ['-.5', '-500000'],
  ['5.', '5000000'],
  ['007.25', '7250000'],
  ['5.1', '5100000'],
  ['0.000001', '1'],
  ['0.0000005', '1'],
  ['-0.0000005', '-1'],
  ['0.00000049999', '0'],
  ['-0.0000004', '0'],
  ['0.0000015', '2'],
  ['2.4999995', '2500000'],
  ['2.49999949', '2499999'],
  ['1e-3', '1000'],
  ['1E3', '1000000000'],
  ['2.5e+2', '250000000'],
  ['125e-8', '1'],
  ['-125e-8', '-1'],
  ['1e-7', '0'],
  ['5e-7', '1'],
  ['0e999999999999', '0'],
  ['1e-999999999999', '0'],
  ['9223372036854.775807', '9223372036854775807'],
  ['-9223372036854.775808', '-9223372036854775808'],
  ['9223372036854.7758074', '9223372036854775807'],
  ['-9223372036854.7758084', '-9223372036854775808'],
  ['0.000000000000000000000000000000000000009', '0'],
  ['00000000000000000000000000000000000000001', '1000000'],
]

const rejectCases: [string, string][] = [
  ['', 'FIXED_EMPTY'],
  ['NaN', 'FIXED_NOT_FINITE'],
  ['nan', 'FIXED_NOT_FINITE'],
  ['-Inf', 'FIXED_NOT_FINITE'],
  ['+infinity', 'FIXED_NOT_FINITE'],
  ['INF', 'FIXED_NOT_FINITE'],
  [' 1', 'FIXED_SYNTAX'],
  ['1 ', 'FIXED_SYNTAX'],
  ['-', 'FIXED_SYNTAX'],
  ['+', 'FIXED_SYNTAX'],
  ['.', 'FIXED_SYNTAX'],
  ['-.', 'FIXED_SYNTAX'],
  ['1.2.3', 'FIXED_SYNTAX'],
  ['--1', 'FIXED_SYNTAX'],
  ['1,5', 'FIXED_SYNTAX'],
  ['0x10', 'FIXED_SYNTAX'],
  ['1e', 'FIXED_SYNTAX'],
  ['1e+', 'FIXED_SYNTAX'],
  ['e5', 'FIXED_SYNTAX'],
  ['1_000', 'FIXED_SYNTAX'],
  ['١', 'FIXED_SYNTAX'],
  ['abc', 'FIXED_SYNTAX'],
  ['9223372036854.775808', 'FIXED_RANGE'],
  ['-9223372036854.775809', 'FIXED_RANGE'],
  ['9223372036854.7758075', 'FIXED_RANGE'],
  ['1e13', 'FIXED_RANGE'],
  ['1e999999999999', 'FIXED_RANGE'],
  ['100000000000000000000000', 'FIXED_RANGE'],
]

const formatCases: [string, string][] = [
  ['0', '0'],
  ['1', '0.000001'],
  ['-1', '-0.000001'],
  ['1500000', '1.5'],
  ['-1500000', '-1.5'],
  ['5100000', '5.1'],
  ['1000000', '1'],
  ['123456789', '123.456789'],
  ['9223372036854775807', '9223372036854.775807'],
  ['-9223372036854775808', '-9223372036854.775808'],
]

const codeOf = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    if (e instanceof CanonicalError) return e.code
    throw e
  }
  return 'ACCEPTED'
}

for (const [text, want] of parseCases) {
  const got =
    codeOf(() => parseFixed(text)) === 'ACCEPTED'
      ? parseFixed(text).toString()
      : codeOf(() => parseFixed(text))
  if (got !== want)
    throw new Error(`parseFixed(${JSON.stringify(text)}) = ${got}, hand-written vector says ${want}`)
}
for (const [text, want] of rejectCases) {
  const got = codeOf(() => parseFixed(text))
  if (got !== want)
    throw new Error(`parseFixed(${JSON.stringify(text)}) -> ${got}, hand-written vector says ${want}`)
}
for (const [value, want] of formatCases) {
  if (formatFixed(BigInt(value)) !== want) throw new Error(`formatFixed(${value}) != ${want}`)
  if (parseFixed(want) !== BigInt(value))
    throw new Error(`parseFixed(formatFixed(${value})) does not round-trip`)
}

const I64_MAX = 2n ** 63n - 1n
const I64_MIN = -(2n ** 63n)
const leaf = (label: number) => ({ kind: 'leaf', label }) as const

const tables: Record<string, Table> = {
  'one-cell': { rows: 1, features: 1, values: BigInt64Array.of(0n), labels: Uint16Array.of(0) },
  extremes: {
    rows: 3,
    features: 2,
    values: BigInt64Array.of(I64_MIN, I64_MAX, -1n, 1n, 0n, parseFixed('-1.5')),
    labels: Uint16Array.of(0, 1, 65535),
  },
  'small-2class': {
    rows: 4,
    features: 2,
    values: BigInt64Array.of(0n, 10n, 5n, 5n, 6n, -3n, 5n, 6n),
    labels: Uint16Array.of(0, 1, 1, 1),
  },
  'iris-30': irisTestSet(),
  // All 150 iris rows, in the package's order: the format-2 vectors train on it.
  'iris-150': irisTable(150, 1),
}

const models: Record<string, Model> = {
  'single-leaf': { features: 1, classes: 1, root: leaf(0) },
  'stump-extremes': {
    features: 2,
    classes: 65535,
    root: { kind: 'split', feature: 1, threshold: I64_MIN, left: leaf(65534), right: leaf(0) },
  },
  // Left and right chains, so right-child indices past multi-node left subtrees are pinned.
  'small-2class': {
    features: 2,
    classes: 2,
    root: {
      kind: 'split',
      feature: 0,
      threshold: 5n,
      left: { kind: 'split', feature: 1, threshold: 5n, left: leaf(1), right: leaf(0) },
      right: { kind: 'split', feature: 1, threshold: I64_MAX, left: leaf(1), right: leaf(0) },
    },
  },
  'iris-good': irisGoodModel(),
  'iris-weak': irisWeakModel(),
}

const jobId = keccak256(stringToHex('veritree:golden-job-1'))
const evaluations: [string, string, number][] = [
  ['small-2class', 'small-2class', 7500],
  ['small-2class', 'small-2class', 7501],
  ['single-leaf', 'one-cell', 10000],
  ['iris-good', 'iris-30', 9000],
  ['iris-weak', 'iris-30', 9000],
  ['iris-weak', 'iris-30', 0],
]

const hex = (b: Uint8Array): Hex => bytesToHex(b)
const evaluationVectors = evaluations.map(([model, table, thresholdBps]) => {
  const m = models[model] as Model
  const t = tables[table] as Table
  const { correct, total } = evaluate(m, t)
  const met = thresholdMet(correct, total, thresholdBps)
  const predictions = Array.from({ length: t.rows }, (_, r) => predict(m, t.values, r))
  const journal = encodeJournal({
    format: 1,
    jobId,
    modelHash: modelHash(encodeModel(m)),
    testSetHash: tableHash(encodeTable(t)),
    correct,
    total,
    thresholdBps,
    met,
  })
  return { model, table, jobId, thresholdBps, predictions, correct, total, met, journal }
})
function le(bytes: number, v: number | bigint): string {
  const b = new Uint8Array(bytes)
  const view = new DataView(b.buffer)
  if (bytes === 1) view.setUint8(0, Number(v))
  if (bytes === 2) view.setUint16(0, Number(v), true)
  if (bytes === 4) view.setUint32(0, Number(v), true)
  if (bytes === 8) view.setBigInt64(0, BigInt(v), true)
  return bytesToHex(b).slice(2)
}
function header(nodes: number, features: number, classes: number): string {
  return le(4, nodes) + le(2, features) + le(2, classes)
}
function split(feature: number, threshold: bigint, left: number, right: number): string {
  return `00${le(2, feature)}${le(8, threshold)}${le(4, left)}${le(4, right)}`
}
function leafHex(label: number): string {
  return `01${le(2, label)}`
}

function malformedModels() {
  const good = header(3, 2, 2) + split(0, 5n, 1, 2) + leafHex(0) + leafHex(1)
  const cases: [string, string, string][] = [
    ['empty', '', 'MODEL_TRUNCATED'],
    ['header cut short', header(1, 1, 1).slice(0, 10), 'MODEL_TRUNCATED'],
    ['zero nodes', header(0, 1, 1), 'MODEL_HEADER'],
    ['zero features', header(1, 0, 1) + leafHex(0), 'MODEL_HEADER'],
    ['zero classes', header(1, 1, 0) + leafHex(0), 'MODEL_HEADER'],
    ['node count larger than the bytes', header(1000, 1, 1) + leafHex(0), 'MODEL_TRUNCATED'],
    ['split cut short', header(3, 2, 2) + split(0, 5n, 1, 2).slice(0, 20), 'MODEL_TRUNCATED'],
    ['unknown node kind', `${header(1, 1, 1)}020000`, 'MODEL_NODE_KIND'],
    ['feature out of range', header(3, 2, 2) + split(2, 5n, 1, 2) + leafHex(0) + leafHex(1), 'MODEL_FEATURE'],
    [
      'leaf class out of range',
      header(3, 2, 2) + split(0, 5n, 1, 2) + leafHex(0) + leafHex(2),
      'MODEL_CLASS',
    ],
    ['trailing byte', `${good}00`, 'MODEL_TRAILING'],
    [
      'left child not next',
      header(3, 2, 2) + split(0, 5n, 2, 1) + leafHex(0) + leafHex(1),
      'MODEL_STRUCTURE',
    ],
    [
      'right child off by one',
      header(4, 2, 2) + split(0, 5n, 1, 3) + leafHex(0) + leafHex(1) + leafHex(1),
      'MODEL_STRUCTURE',
    ],
    [
      'right child points back (cycle)',
      header(3, 2, 2) + split(0, 5n, 1, 0) + leafHex(0) + leafHex(1),
      'MODEL_STRUCTURE',
    ],
    ['nodes after the root subtree', header(2, 1, 1) + leafHex(0) + leafHex(0), 'MODEL_STRUCTURE'],
    ['subtree runs past the last node', header(2, 2, 2) + split(0, 5n, 1, 2) + leafHex(0), 'MODEL_STRUCTURE'],
    [
      'shared child (DAG, not a tree)',
      header(3, 2, 2) + split(0, 5n, 1, 1) + leafHex(0) + leafHex(1),
      'MODEL_STRUCTURE',
    ],
  ]
  return cases.map(([name, body, code]) => {
    const h = `0x${body}` as Hex
    const got = codeOf(() => decodeModel(h))
    if (got !== code)
      throw new Error(`malformed model "${name}": TypeScript says ${got}, vector says ${code}`)
    return { name, hex: h, code }
  })
}

function malformedTables() {
  const row = le(8, 1n) + le(2, 0)
  const cases: [string, string, string][] = [
    ['empty', '', 'TABLE_TRUNCATED'],
    ['header cut short', le(4, 1) + le(2, 1), 'TABLE_TRUNCATED'],
    ['zero rows', le(4, 0) + le(4, 1), 'TABLE_EMPTY'],
    ['zero features', le(4, 1) + le(4, 0) + le(2, 0), 'TABLE_EMPTY'],
    ['one byte short', le(4, 1) + le(4, 1) + row.slice(0, -2), 'TABLE_LENGTH'],
    ['one byte extra', `${le(4, 1) + le(4, 1) + row}00`, 'TABLE_LENGTH'],
    ['huge header, tiny body', le(4, 0xffffffff) + le(4, 0xffffffff) + row, 'TABLE_LENGTH'],
  ]
  return cases.map(([name, body, code]) => {
    const h = `0x${body}` as Hex
    const got = codeOf(() => decodeTable(h))
    if (got !== code)
      throw new Error(`malformed table "${name}": TypeScript says ${got}, vector says ${code}`)
    return { name, hex: h, code }
  })
}

function malformedEvaluations() {
  const model2 = hex(encodeModel(models['small-2class'] as Model))
  const cases: [string, Hex, Hex, number, string][] = [
    ['feature count differs', model2, hex(encodeTable(tables['one-cell'] as Table)), 5000, 'EVAL_FEATURES'],
    [
      'label beyond classes',
      model2,
      hex(encodeTable({ rows: 1, features: 2, values: BigInt64Array.of(0n, 0n), labels: Uint16Array.of(2) })),
      5000,
      'EVAL_LABEL',
    ],
    [
      'threshold above 100%',
      model2,
      hex(encodeTable(tables['small-2class'] as Table)),
      10001,
      'THRESHOLD_RANGE',
    ],
  ]
  return cases.map(([name, model, table, thresholdBps, code]) => {
    const got = codeOf(() => {
      const r = evaluate(decodeModel(model), decodeTable(table))
      thresholdMet(r.correct, r.total, thresholdBps)
    })
    if (got !== code)
      throw new Error(`malformed evaluation "${name}": TypeScript says ${got}, vector says ${code}`)
    return { name, model, table, thresholdBps, code }
  })
}

function malformedJournals() {
  const good = evaluationVectors[3]?.journal as Hex
  const body = good.slice(2)
  const setWord = (i: number, word: string) =>
    `0x${body.slice(0, 64 * i)}${word}${body.slice(64 * (i + 1))}` as Hex
  const cases: [string, Hex, string][] = [
    ['one byte short', `0x${body.slice(0, -2)}`, 'JOURNAL_LENGTH'],
    ['one byte extra', `${good}00`, 'JOURNAL_LENGTH'],
    ['format 2', setWord(0, '2'.padStart(64, '0')), 'JOURNAL_FORMAT'],
    ['a format-2 journal (320 bytes)', trainingVectors[0]?.journal as Hex, 'JOURNAL_LENGTH'],
    ['met is 2', setWord(7, '2'.padStart(64, '0')), 'JOURNAL_WORD'],
    ['dirty padding in correct', setWord(4, `01${'1d'.padStart(62, '0')}`), 'JOURNAL_WORD'],
  ]
  return cases.map(([name, h, code]) => {
    const got = codeOf(() => decodeJournal(h))
    if (got !== code)
      throw new Error(`malformed journal "${name}": TypeScript says ${got}, vector says ${code}`)
    return { name, hex: h, code }
  })
}

/**
 * Format-2 journals ("proof of training"): dataset + canonical params -> model (trained here by the
 * reference, ml-cart through backend/src/training/train.ts, with `datasetClasses` classes), evaluated
 * on a test set. The Rust tests run `training_journal` (the guest's function, with the Rust trainer)
 * on the same bytes and must reproduce the model bytes and the journal exactly.
 */
const trainings: [string, string, TrainingParams, string, number][] = [
  ['iris-depth-3', 'iris-150', { maxDepth: 3, minLeafSize: 5, gainThresholdPpm: 10_000 }, 'iris-30', 9000],
  [
    'iris-stump-not-met',
    'iris-150',
    { maxDepth: 1, minLeafSize: 5, gainThresholdPpm: 10_000 },
    'iris-30',
    9000,
  ],
  [
    'small-2class-self',
    'small-2class',
    { maxDepth: 2, minLeafSize: 1, gainThresholdPpm: 0 },
    'small-2class',
    10000,
  ],
]
const trainingVectors = trainings.map(([name, dataset, params, testSet, thresholdBps]) => {
  const d = tables[dataset] as Table
  const t = tables[testSet] as Table
  const classes = datasetClasses(d)
  const { model, modelBytes } = trainModel(d, classes, params)
  const { correct, total } = evaluate(model, t)
  const journal = {
    format: 2 as const,
    jobId,
    modelHash: modelHash(modelBytes),
    testSetHash: tableHash(encodeTable(t)),
    correct,
    total,
    thresholdBps,
    met: thresholdMet(correct, total, thresholdBps),
    datasetCommitment: tableHash(encodeTable(d)),
    paramsHash: trainingParamsHash(params),
  }
  return {
    name,
    dataset,
    testSet,
    paramsHex: hex(encodeTrainingParams(params)),
    classes,
    modelHex: hex(modelBytes),
    ...journal,
    journal: encodeTrainingJournal(journal),
  }
})

function malformedTrainingJournals() {
  const good = trainingVectors[0]?.journal as Hex
  const body = good.slice(2)
  const setWord = (i: number, word: string) =>
    `0x${body.slice(0, 64 * i)}${word}${body.slice(64 * (i + 1))}` as Hex
  const cases: [string, Hex, string][] = [
    ['one byte short', `0x${body.slice(0, -2)}`, 'JOURNAL_LENGTH'],
    ['one byte extra', `${good}00`, 'JOURNAL_LENGTH'],
    ['a format-1 journal (256 bytes)', evaluationVectors[3]?.journal as Hex, 'JOURNAL_LENGTH'],
    ['format word 1 in 320 bytes', setWord(0, '1'.padStart(64, '0')), 'JOURNAL_FORMAT'],
    ['format word 3', setWord(0, '3'.padStart(64, '0')), 'JOURNAL_FORMAT'],
    ['met is 2', setWord(7, '2'.padStart(64, '0')), 'JOURNAL_WORD'],
    ['dirty padding in total', setWord(5, `01${'1e'.padStart(62, '0')}`), 'JOURNAL_WORD'],
    ['dirty padding in the format word', setWord(0, `01${'2'.padStart(62, '0')}`), 'JOURNAL_WORD'],
  ]
  return cases.map(([name, h, code]) => {
    const got = codeOf(() => decodeTrainingJournal(h))
    if (got !== code)
      throw new Error(`malformed training journal "${name}": TypeScript says ${got}, vector says ${code}`)
    return { name, hex: h, code }
  })
}

/** Either-format decoding: the format word picks the decoder, whose strict rules then apply. */
function anyJournalVectors() {
  const one = evaluationVectors[3]?.journal as Hex
  const two = trainingVectors[0]?.journal as Hex
  const three = inferenceVectors[0]?.journal as Hex
  const cases: [string, Hex, string][] = [
    ['format 1', one, '1'],
    ['format 2', two, '2'],
    ['format 3', three, '3'],
    ['format 3 word in 256 bytes', `0x${'3'.padStart(64, '0')}${one.slice(66)}`, 'JOURNAL_LENGTH'],
    ['format 2 word in 192 bytes', `0x${'2'.padStart(64, '0')}${three.slice(66)}`, 'JOURNAL_LENGTH'],
    ['format 4', `0x${'4'.padStart(64, '0')}${three.slice(66)}`, 'JOURNAL_FORMAT'],
    ['format 2 word in 256 bytes', `0x${'2'.padStart(64, '0')}${one.slice(66)}`, 'JOURNAL_LENGTH'],
    ['format 1 word in 320 bytes', `0x${'1'.padStart(64, '0')}${two.slice(66)}`, 'JOURNAL_LENGTH'],
    ['format 0', `0x${'0'.padStart(64, '0')}${one.slice(66)}`, 'JOURNAL_FORMAT'],
    ['shorter than a word', `0x${'2'.padStart(62, '0')}`, 'JOURNAL_LENGTH'],
    ['empty', '0x', 'JOURNAL_LENGTH'],
  ]
  return cases.map(([name, h, want]) => {
    const code = codeOf(() => decodeAnyJournal(h))
    const got = code === 'ACCEPTED' ? String(decodeAnyJournal(h).format) : code
    if (got !== want)
      throw new Error(`any-format journal "${name}": TypeScript says ${got}, vector says ${want}`)
    return want.length === 1 ? { name, hex: h, format: Number(want) } : { name, hex: h, code: want }
  })
}

/**
 * Format-3 journals ("inference proof"): a model's predictions for the feature rows of a table
 * (its labels dropped), as canonical inputs. The Rust tests run `inference_journal` (the guest's
 * function) on the same bytes and must reproduce the inputs, predictions and journal exactly.
 */
const requestId = keccak256(stringToHex('veritree:golden-request-1'))
const inferences: [string, string][] = [
  ['small-2class', 'small-2class'],
  ['single-leaf', 'one-cell'],
  ['stump-extremes', 'extremes'],
  ['iris-good', 'iris-30'],
]
const inferenceVectors = inferences.map(([model, table]) => {
  const m = models[model] as Model
  const t = tables[table] as Table
  const inputsBytes = encodeInputs(t)
  const predictions = predictInputs(m, decodeInputs(inputsBytes))
  const predictionsBytes = encodePredictions(predictions)
  const journal = {
    format: 3 as const,
    requestId,
    modelHash: modelHash(encodeModel(m)),
    inputsHash: inputsHash(inputsBytes),
    count: t.rows,
    predictionsHash: predictionsHash(predictionsBytes),
  }
  return {
    name: `${model} on ${table}`,
    model,
    table,
    inputsHex: hex(inputsBytes),
    predictions: [...predictions],
    predictionsHex: hex(predictionsBytes),
    ...journal,
    journal: encodeInferenceJournal(journal),
  }
})

function malformedInference() {
  const value = le(8, 1n)
  const inputCases: [string, string, string][] = [
    ['empty', '', 'TABLE_TRUNCATED'],
    ['header cut short', le(4, 1) + le(2, 1), 'TABLE_TRUNCATED'],
    ['zero rows', le(4, 0) + le(4, 1), 'TABLE_EMPTY'],
    ['zero features', le(4, 1) + le(4, 0), 'TABLE_EMPTY'],
    ['one byte short', le(4, 1) + le(4, 1) + value.slice(0, -2), 'TABLE_LENGTH'],
    ['one byte extra', `${le(4, 1) + le(4, 1) + value}00`, 'TABLE_LENGTH'],
    ['a labelled table row', le(4, 1) + le(4, 1) + value + le(2, 0), 'TABLE_LENGTH'],
    ['huge header, tiny body', le(4, 0xffffffff) + le(4, 0xffffffff) + value, 'TABLE_LENGTH'],
  ]
  const predictionCases: [string, string, string][] = [
    ['empty', '', 'PREDICTIONS_LENGTH'],
    ['odd length', '010000', 'PREDICTIONS_LENGTH'],
  ]
  const good = inferenceVectors[0]?.journal as Hex
  const body = good.slice(2)
  const setWord = (i: number, word: string) =>
    `0x${body.slice(0, 64 * i)}${word}${body.slice(64 * (i + 1))}` as Hex
  const journalCases: [string, Hex, string][] = [
    ['one byte short', `0x${body.slice(0, -2)}`, 'JOURNAL_LENGTH'],
    ['one byte extra', `${good}00`, 'JOURNAL_LENGTH'],
    ['a format-1 journal (256 bytes)', evaluationVectors[3]?.journal as Hex, 'JOURNAL_LENGTH'],
    ['format word 1 in 192 bytes', setWord(0, '1'.padStart(64, '0')), 'JOURNAL_FORMAT'],
    ['count 0', setWord(4, '0'.padStart(64, '0')), 'JOURNAL_EMPTY'],
    ['dirty padding in count', setWord(4, `01${'4'.padStart(62, '0')}`), 'JOURNAL_WORD'],
    ['dirty padding in the format word', setWord(0, `01${'3'.padStart(62, '0')}`), 'JOURNAL_WORD'],
  ]
  const check = (what: string, cases: [string, string, string][], decode: (h: Hex) => unknown) =>
    cases.map(([name, body, code]) => {
      const h = (body.startsWith('0x') ? body : `0x${body}`) as Hex
      const got = codeOf(() => decode(h))
      if (got !== code)
        throw new Error(`malformed ${what} "${name}": TypeScript says ${got}, vector says ${code}`)
      return { name, hex: h, code }
    })
  const model2 = hex(encodeModel(models['small-2class'] as Model))
  const oneCell = hex(encodeInputs(tables['one-cell'] as Table))
  if (codeOf(() => predictInputs(decodeModel(model2), decodeInputs(oneCell))) !== 'EVAL_FEATURES')
    throw new Error('inputs with another feature count must be EVAL_FEATURES')
  return {
    inputs: check('inputs', inputCases, decodeInputs),
    predictions: check('predictions', predictionCases, decodePredictions),
    inferenceJournals: check('inference journal', journalCases, decodeInferenceJournal),
    inferences: [{ name: 'feature count differs', model: model2, inputs: oneCell, code: 'EVAL_FEATURES' }],
  }
}

/**
 * Training parameters (decision: u8 version 1, u16 maxDepth, u32 minLeafSize, u32 gainThresholdPpm,
 * little-endian). The bytes of each case are written by hand; the script refuses to write if the
 * encoder disagrees. The gain-threshold cases pin the exact decimal → ppm conversion of the query text.
 */
function trainingParamsVectors() {
  const encode: [string, TrainingParams, Hex][] = [
    ['defaults', { maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }, '0x0106000500000010270000'],
    ['zero gain', { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 0 }, '0x0104000500000000000000'],
    [
      'extremes',
      { maxDepth: 0xffff, minLeafSize: 0xffff_ffff, gainThresholdPpm: 1_000_000 },
      '0x01ffffffffffff40420f00',
    ],
  ]
  const gainParse: [string, number][] = [
    ['0', 0],
    ['1', 1_000_000],
    ['0.01', 10_000],
    ['0.1', 100_000],
    ['.5', 500_000],
    ['0.000001', 1],
    ['0.999999', 999_999],
    ['1.000000', 1_000_000],
    ['0.29', 290_000],
    ['0.000249', 249],
    ['-0', 0],
  ]
  const gainReject = ['0.0000001', '1.000001', '2', '-0.1', '', '.', 'abc', '1e-3', '0x1', ' 0.1 0']
  const malformed: [string, Hex, string][] = [
    ['one byte short', '0x01060005000000102700', 'PARAMS_LENGTH'],
    ['version 2', '0x0206000500000010270000', 'PARAMS_VERSION'],
    ['ppm above one million', '0x01060005000000' + '41420f00', 'PARAMS_RANGE'],
  ]
  for (const [name, params, bytes] of encode) {
    if (hex(encodeTrainingParams(params)) !== bytes) throw new Error(`training params "${name}" disagree`)
    if (JSON.stringify(decodeTrainingParams(bytes)) !== JSON.stringify(params))
      throw new Error(`training params "${name}" do not round-trip`)
  }
  for (const [text, ppm] of gainParse)
    if (gainThresholdPpm(text) !== ppm) throw new Error(`gainThreshold "${text}" is not ${ppm} ppm`)
  for (const text of gainReject)
    if (codeOf(() => gainThresholdPpm(text)) !== 'GAIN_THRESHOLD') throw new Error(`"${text}" accepted`)
  for (const [name, bytes, code] of malformed)
    if (codeOf(() => decodeTrainingParams(bytes)) !== code) throw new Error(`params "${name}" not ${code}`)
  return {
    encode: encode.map(([name, params, bytes]) => ({
      name,
      ...params,
      hex: bytes,
      sha256: trainingParamsHash(params),
    })),
    gainThreshold: {
      parse: gainParse.map(([text, ppm]) => ({ text, ppm })),
      reject: gainReject.map((text) => ({ text, code: 'GAIN_THRESHOLD' })),
    },
    malformed: malformed.map(([name, bytes, code]) => ({ name, hex: bytes, code })),
  }
}

/** Mode 2's cycle bound (zkvm-guest/core/src/cost.rs): the constants and the bound for a few shapes. */
function trainingCyclesVectors() {
  const shapes: [string, TrainingShape][] = [
    [
      'iris depth 3',
      { datasetRows: 150, features: 4, classes: 3, maxDepth: 3, minLeafSize: 5, testRows: 30 },
    ],
    [
      'credit depth 6',
      { datasetRows: 600, features: 5, classes: 3, maxDepth: 6, minLeafSize: 5, testRows: 60 },
    ],
    [
      'one row: no level',
      { datasetRows: 1, features: 1, classes: 1, maxDepth: 8, minLeafSize: 1, testRows: 1 },
    ],
    [
      'minLeafSize 0',
      { datasetRows: 100, features: 2, classes: 2, maxDepth: 4, minLeafSize: 0, testRows: 10 },
    ],
    [
      'depth past 63',
      { datasetRows: 5000, features: 3, classes: 70, maxDepth: 65535, minLeafSize: 2, testRows: 9 },
    ],
    [
      'saturates at u64',
      {
        datasetRows: 0xffff_ffff,
        features: 0xffff_ffff,
        classes: 65535,
        maxDepth: 65535,
        minLeafSize: 1,
        testRows: 0xffff_ffff,
      },
    ],
  ]
  return {
    model: TRAINING_CYCLE_MODEL,
    maxCycles: MAX_TRAINING_CYCLES,
    cases: shapes.map(([name, shape]) => ({ name, ...shape, bound: trainingCyclesBound(shape).toString() })),
  }
}

function zkVerifyVector() {
  const imageId = keccak256(stringToHex('veritree:made-up-image-id'))
  const journal = evaluationVectors[3]?.journal as Hex
  return {
    imageId,
    journal,
    risc0Context: keccak256(stringToHex('risc0')),
    versionTag: '0xaa24368f9ce9025f58596d966209fc3f322c8cac37dae753bb9b0367d273700d',
    statement: zkVerifyStatement(imageId, journal),
  }
}

const out = {
  comment:
    'Generated by zkvm-guest/vectors/generate.ts. Checked by zkvm-guest/core/tests/golden.rs and backend/core/src/canonical/golden.test.ts.',
  fixedPoint: {
    parse: parseCases.map(([text, value]) => ({ text, value })),
    reject: rejectCases.map(([text, code]) => ({ text, code })),
    format: formatCases.map(([value, text]) => ({ value, text })),
  },
  tables: Object.entries(tables).map(([name, t]) => {
    const bytes = encodeTable(t)
    return {
      name,
      rows: t.rows,
      features: t.features,
      values: [...t.values].map(String),
      labels: [...t.labels],
      hex: hex(bytes),
      sha256: tableHash(bytes),
    }
  }),
  models: Object.entries(models).map(([name, m]) => {
    const bytes = encodeModel(m)
    const nodes = flattenModel(m).map((n) =>
      n.kind === 'split' ? { ...n, threshold: n.threshold.toString() } : n,
    )
    return {
      name,
      features: m.features,
      classes: m.classes,
      nodes,
      hex: hex(bytes),
      sha256: modelHash(bytes),
    }
  }),
  evaluations: evaluationVectors,
  malformed: {
    models: malformedModels(),
    tables: malformedTables(),
    evaluations: malformedEvaluations(),
    journals: malformedJournals(),
    trainingJournals: malformedTrainingJournals(),
    ...malformedInference(),
  },
  trainingJournals: trainingVectors,
  inferenceJournals: inferenceVectors,
  anyJournals: anyJournalVectors(),
  zkVerify: zkVerifyVector(),
  trainingCycles: trainingCyclesVectors(),
  trainingParams: trainingParamsVectors(),
  // zkVerify's RISC Zero limits, from @veritree/core/zkverify; the host's zkverify.rs must agree.
  zkVerifyLimits: ZKVERIFY_RISC0_LIMITS,
}

// Decoding every vector back must reproduce it (catches an encoder/decoder mismatch before writing).
for (const t of out.tables)
  if (hex(encodeTable(decodeTable(t.hex))) !== t.hex) throw new Error(`table ${t.name} does not round-trip`)
for (const m of out.models)
  if (hex(encodeModel(decodeModel(m.hex))) !== m.hex) throw new Error(`model ${m.name} does not round-trip`)
for (const v of out.inferenceJournals) {
  if (encodeInferenceJournal(decodeInferenceJournal(v.journal)) !== v.journal)
    throw new Error(`inference journal ${v.name} does not round-trip`)
  if (hex(encodeInputs(decodeInputs(v.inputsHex))) !== v.inputsHex)
    throw new Error(`inputs ${v.name} do not round-trip`)
}
for (const t of out.trainingJournals)
  if (encodeTrainingJournal(decodeTrainingJournal(t.journal)) !== t.journal)
    throw new Error(`training journal ${t.name} does not round-trip`)

const target = new URL('./golden.json', import.meta.url)
writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`)
console.log(`wrote ${target.pathname}`)
