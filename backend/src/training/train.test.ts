import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { decodeModel, decodeTable, encodeTable, evaluate, predict } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import { irisCsv } from '../testing/iris.ts'
import { toNumberRows, trainCart } from './cart.ts'
import { canonicalThreshold, cartToModel } from './convert.ts'
import { TrainingParamsSchema } from './index.ts'
import { enforceMinLeafSize, leafSizes } from './leafFloor.ts'
import { trainModel } from './train.ts'

const iris = toTable(parseCsv(irisCsv('train')), { labelColumn: 'species' })
const irisTest = toTable(parseCsv(irisCsv('test')), { labelColumn: 'species', schema: iris.schema })
const params = { maxDepth: 8, minLeafSize: 5, gainThresholdPpm: 0 }

describe('training: the ml-cart reference (production trains with the Rust trainer)', () => {
  it('converts ml-cart thresholds to the canonical <= rule', () => {
    assert.equal(canonicalThreshold(5.5), 5n) // x < 5.5  ⟺ x <= 5
    assert.equal(canonicalThreshold(6), 5n) // x < 6    ⟺ x <= 5
    assert.equal(canonicalThreshold(-2.5), -3n) // x < -2.5 ⟺ x <= -3
  })

  it('ml-cart predict and the canonical predict agree on every row', () => {
    for (const depth of [1, 3, 8]) {
      const { classifier, root } = trainCart(iris.table, { ...params, maxDepth: depth, minLeafSize: 1 })
      const model = cartToModel(root, iris.table, iris.schema.classes.length)
      for (const t of [iris.table, irisTest.table]) {
        const expected = classifier.predict(toNumberRows(t))
        for (let r = 0; r < t.rows; r++)
          assert.equal(predict(model, t.values, r), expected[r], `depth ${depth}, row ${r}`)
      }
    }
  })

  it('is deterministic: same data and parameters, same model bytes', () => {
    const a = trainModel(iris.table, 3, params)
    const b = trainModel(decodeTable(encodeTable(iris.table)), 3, params)
    assert.equal(a.modelHash, b.modelHash)
    assert.deepEqual(a.modelBytes, b.modelBytes)
    assert.deepEqual(decodeModel(a.modelBytes), a.model)
  })

  it('enforces the leaf-size floor without changing which rows reach a kept leaf', () => {
    const { root } = trainCart(iris.table, { ...params, minLeafSize: 1 })
    const raw = cartToModel(root, iris.table, 3)
    assert.ok(Math.min(...leafSizes(raw, iris.table)) < 10, 'the unconstrained tree has small leaves')
    for (const floor of [5, 10, 30]) {
      const floored = enforceMinLeafSize(raw, iris.table, floor)
      assert.ok(
        Math.min(...leafSizes(floored, iris.table)) >= floor,
        `floor ${floor}: ${leafSizes(floored, iris.table)}`,
      )
    }
    const trained = trainModel(iris.table, 3, { ...params, minLeafSize: 20 })
    assert.ok(Math.min(...leafSizes(trained.model, iris.table)) >= 20)
  })

  it('scores well on held-out iris rows', () => {
    const { correct, total } = evaluate(trainModel(iris.table, 3, params).model, irisTest.table)
    assert.equal(total, 30)
    assert.ok(correct >= 27, `${correct}/30`)
  })

  it('rejects parameters below the privacy floor', () => {
    const result = TrainingParamsSchema.safeParse({ minLeafSize: '2' })
    assert.equal(result.success, false)
    assert.match(result.error?.issues[0]?.message ?? '', /privacy floor/)
    assert.deepEqual(TrainingParamsSchema.parse({}), {
      maxDepth: 6,
      minLeafSize: 5,
      gainThresholdPpm: 10_000,
    })
  })

  it('uses the evaluator the guest is pinned to by the golden vectors', () => {
    // zkvm-guest/core/tests/golden.rs checks the guest's evaluator against these same predictions.
    const golden = JSON.parse(
      readFileSync(new URL('../../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
    ) as {
      models: Array<{ name: string; hex: `0x${string}` }>
      tables: Array<{ name: string; hex: `0x${string}` }>
      evaluations: Array<{ model: string; table: string; predictions: number[]; correct: number }>
    }
    assert.ok(golden.evaluations.length > 0)
    for (const e of golden.evaluations) {
      const model = decodeModel(golden.models.find((m) => m.name === e.model)?.hex ?? '0x')
      const table = decodeTable(golden.tables.find((t) => t.name === e.table)?.hex ?? '0x')
      const predictions = Array.from({ length: table.rows }, (_, r) => predict(model, table.values, r))
      assert.deepEqual(predictions, e.predictions, `${e.model} on ${e.table}`)
    }
  })
})
