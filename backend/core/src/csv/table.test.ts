import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CsvError, type CsvErrorCode, parseCsv, toInputs, toTable } from './index.ts'

const good = [
  'a,b,label',
  ...Array.from({ length: 10 }, (_, i) => `${i}.5,-${i},${i % 2 ? 'yes' : 'no'}`),
].join('\n')

function rejects(
  text: string,
  code: CsvErrorCode,
  where: { row?: number | null; column?: string | null } = {},
  options = {},
) {
  assert.throws(
    () => toTable(parseCsv(text), { labelColumn: 'label', ...options }),
    (e: unknown) => {
      assert.ok(e instanceof CsvError, `expected CsvError, got ${e}`)
      assert.equal(e.code, code, e.message)
      if (where.row !== undefined) assert.equal(e.row, where.row, e.message)
      if (where.column !== undefined) assert.equal(e.column, where.column, e.message)
      return true
    },
  )
}

describe('toTable', () => {
  it('builds canonical fixed-point values and sorted class indices', () => {
    const { table, schema } = toTable(parseCsv(good), { labelColumn: 'label' })
    assert.deepEqual(schema, { features: ['a', 'b'], classes: ['no', 'yes'], labelColumn: 'label' })
    assert.equal(table.rows, 10)
    assert.equal(table.features, 2)
    assert.deepEqual([...table.values.slice(0, 4)], [500000n, 0n, 1500000n, -1000000n])
    assert.deepEqual([...table.labels.slice(0, 3)], [0, 1, 0])
  })

  it('accepts the label column anywhere and trims cells', () => {
    const text = ['label, x ', ...Array.from({ length: 10 }, (_, i) => `c${i % 3}, ${i} `)].join('\n')
    const { table, schema } = toTable(parseCsv(text), { labelColumn: 'label' })
    assert.deepEqual(schema.features, ['x'])
    assert.equal(table.values[9], 9_000_000n)
  })

  it('names the row and column of every bad cell', () => {
    rejects(good.replace('3.5,-3,yes', '3.5,-3'), 'ragged_row', { row: 5 })
    rejects(good.replace('3.5,-3,yes', '3.5,abc,yes'), 'non_numeric', { row: 5, column: 'b' })
    rejects(good.replace('3.5,-3,yes', 'NaN,-3,yes'), 'non_finite', { row: 5, column: 'a' })
    rejects(good.replace('3.5,-3,yes', '3.5,-Infinity,yes'), 'non_finite', { row: 5, column: 'b' })
    rejects(good.replace('3.5,-3,yes', ',-3,yes'), 'empty_value', { row: 5, column: 'a' })
    rejects(good.replace('3.5,-3,yes', '3.5,-3,'), 'empty_value', { row: 5, column: 'label' })
    rejects(good.replace('3.5,-3,yes', '3.5,1e12,yes'), 'out_of_range', { row: 5, column: 'b' })
    rejects(good.replace('a,b,label', 'a,a,label'), 'duplicate_header', { row: 1, column: 'a' })
    rejects(good.replace('a,b,label', 'a,,label'), 'missing_header', { row: 1 })
    rejects(good.replace('a,b,label', 'a,b,class'), 'missing_label_column', { row: 1 })
    rejects('a,b,label\n1,2,x\n', 'too_few_rows')
    rejects(good.replaceAll('yes', 'no'), 'too_few_classes')
    rejects('', 'empty_file')
  })

  it('refuses too many classes', () => {
    const text = ['a,label', ...Array.from({ length: 70 }, (_, i) => `${i},c${i}`)].join('\n')
    rejects(text, 'too_many_classes', { row: 66, column: 'label' })
  })

  it('reads a test set against the dataset schema', () => {
    const schema = { features: ['a', 'b'], classes: ['no', 'yes'], labelColumn: 'label' }
    const { table } = toTable(parseCsv('a,b,label\n1,2,yes\n'), { labelColumn: 'label', schema })
    assert.deepEqual([...table.labels], [1])
    rejects('a,b,label\n1,2,maybe\n', 'unknown_class', { row: 2, column: 'label' }, { schema })
    rejects('b,a,label\n1,2,yes\n', 'header_mismatch', { row: 1 }, { schema })
  })
})

describe('toInputs', () => {
  const schema = { features: ['a', 'b'], classes: ['no', 'yes'], labelColumn: 'label' }
  const inputsRejects = (text: string, code: CsvErrorCode, where: { row?: number; column?: string } = {}) =>
    assert.throws(
      () => toInputs(parseCsv(text), schema),
      (e: unknown) =>
        e instanceof CsvError &&
        e.code === code &&
        (where.row === undefined || e.row === where.row) &&
        (where.column === undefined || e.column === where.column),
    )

  it('reads feature rows without a label, parsed as dataset cells are', () => {
    const inputs = toInputs(parseCsv('a,b\n1.5, -2\n0.0000005,3\n'), schema)
    assert.deepEqual(
      { rows: inputs.rows, features: inputs.features, values: [...inputs.values] },
      { rows: 2, features: 2, values: [1_500_000n, -2_000_000n, 1n, 3_000_000n] },
    )
  })

  it("refuses a header that is not exactly the dataset's features, and bad cells", () => {
    inputsRejects('a,b,label\n1,2,yes\n', 'header_mismatch', { row: 1 })
    inputsRejects('b,a\n1,2\n', 'header_mismatch', { row: 1 })
    inputsRejects('a\n1\n', 'header_mismatch', { row: 1 })
    inputsRejects('a,b\n1,x\n', 'non_numeric', { row: 2, column: 'b' })
    inputsRejects('a,b\n1\n', 'ragged_row', { row: 2 })
    inputsRejects('a,b\n', 'too_few_rows')
  })
})
