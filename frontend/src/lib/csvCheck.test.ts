import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkCsv, csvHeader, decodeCsvBytes, testSetHashOf } from './csvCheck.ts'

const GOOD = 'x,y,label\n1.5,2,a\n-3,4.25,b\n5,6,a\n'

test('a good CSV becomes the canonical table, and its hash is the SHA-256 of the canonical bytes', () => {
  const check = checkCsv(GOOD, {
    labelColumn: 'label',
    schema: { features: ['x', 'y'], classes: ['a', 'b'], labelColumn: 'label' },
  })
  assert.ok(check.ok)
  assert.equal(check.table.rows, 3)
  assert.deepEqual(
    check.preview.map((r) => r.row),
    [2, 3, 4],
  )
  const hash = testSetHashOf(check.table)
  assert.match(hash, /^0x[0-9a-f]{64}$/)
  // Same numbers written differently are the same canonical table.
  const same = checkCsv('x,y,label\n1.50,2.0,a\n-3.000,4.25,b\n5,+6,a\n', {
    labelColumn: 'label',
    schema: check.schema,
  })
  assert.ok(same.ok)
  assert.equal(testSetHashOf(same.table), hash)
})

test('a bad cell is reported with its row and column, and that row joins the preview', () => {
  const rows = Array.from({ length: 20 }, (_, i) => `${i},${i},a`)
  rows[14] = '14,oops,b'
  const check = checkCsv(`x,y,label\n${rows.join('\n')}\n`, { labelColumn: 'label', previewRows: 3 })
  assert.equal(check.ok, false)
  if (check.ok) return
  assert.equal(check.problem.code, 'non_numeric')
  assert.equal(check.problem.row, 16)
  assert.equal(check.problem.column, 'y')
  assert.deepEqual(
    check.preview.map((r) => r.row),
    [2, 3, 4, 16],
  )
})

test('test sets must match the dataset schema', () => {
  const schema = { features: ['x', 'y'], classes: ['a', 'b'], labelColumn: 'label' }
  const wrongHeader = checkCsv('y,x,label\n1,2,a\n', { labelColumn: 'label', schema })
  assert.equal(wrongHeader.ok ? null : wrongHeader.problem.code, 'header_mismatch')
  const unknownClass = checkCsv('x,y,label\n1,2,c\n', { labelColumn: 'label', schema })
  assert.equal(unknownClass.ok ? null : unknownClass.problem.code, 'unknown_class')
})

test('broken files are refused before parsing', () => {
  assert.deepEqual(decodeCsvBytes(new Uint8Array([0x61, 0xff, 0x62])), {
    problem: {
      code: 'invalid_encoding',
      row: null,
      column: null,
      message: 'the file is not valid UTF-8 text; save it as CSV (UTF-8)',
    },
  })
  const open = checkCsv('x,label\n"1,a\n', { labelColumn: 'label' })
  assert.equal(open.ok ? null : open.problem.code, 'unterminated_quote')
  assert.deepEqual(csvHeader('a, b ,label\r\n1,2,x'), ['a', 'b', 'label'])
})
