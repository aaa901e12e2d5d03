import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeInputs, inputsHash } from '@veritree/core/canonical'
import { assertSameInputs, checkInputsCsv, InputsHashMismatchError, singleRowCsv } from './feedInputs.ts'

const SCHEMA = { features: ['x', 'y'], classes: ['a', 'b'] }

test('inputs become canonical bytes hashed as the guest hashes them', () => {
  const check = checkInputsCsv('x,y\n1.5,2\n-3,4.25\n', SCHEMA)
  assert.ok(check.ok, JSON.stringify(check))
  assert.equal(check.count, 2)
  // Fixed point round(v × 10^6), row-major: the format-3 inputs encoding.
  const expected = inputsHash(
    encodeInputs({
      rows: 2,
      features: 2,
      values: BigInt64Array.of(1_500_000n, 2_000_000n, -3_000_000n, 4_250_000n),
    }),
  )
  assert.equal(check.inputsHash, expected)
  // The same numbers written differently are the same inputs.
  const same = checkInputsCsv('x,y\n1.50,+2.0\n-3.000,4.25\n', SCHEMA)
  assert.ok(same.ok)
  assert.equal(same.inputsHash, expected)
  // Another row order is another request.
  const swapped = checkInputsCsv('x,y\n-3,4.25\n1.5,2\n', SCHEMA)
  assert.ok(swapped.ok)
  assert.notEqual(swapped.inputsHash, expected)
})

test('a label column, a missing or reordered column, a bad cell or no rows is refused with where it is', () => {
  const cases: Array<[string, RegExp]> = [
    ['x,y,label\n1,2,a\n', /exactly the dataset's feature columns "x", "y"/],
    ['y,x\n1,2\n', /exactly the dataset's feature columns/],
    ['x\n1\n', /exactly the dataset's feature columns/],
    ['x,y\n1,tall\n', /row 2, column "y"/],
    ['x,y\n', /row/],
  ]
  for (const [text, message] of cases) {
    const check = checkInputsCsv(text, SCHEMA)
    assert.equal(check.ok, false, text)
    if (!check.ok) assert.match(check.problem.message, message)
  }
})

test('more rows than one request may carry are refused', () => {
  const rows = Array.from({ length: 4 }, (_, i) => `${i},${i}`).join('\n')
  const check = checkInputsCsv(`x,y\n${rows}\n`, SCHEMA, { maxRows: 3 })
  assert.equal(check.ok, false)
  if (!check.ok) assert.equal(check.problem.code, 'too_many_rows')
  assert.ok(checkInputsCsv(`x,y\n${rows}\n`, SCHEMA).ok, 'the default bound is InferenceFeed.MAX_COUNT')
})

test('one prediction typed in a form is the one-row CSV of the same inputs', () => {
  assert.equal(singleRowCsv(['x', 'y'], [' 1.5', '2 ']), 'x,y\n1.5,2\n')
  // Names CSV must quote survive the round trip through the parser.
  const quoted = singleRowCsv(['width, cm', 'say "hi"'], ['1', '2'])
  assert.equal(quoted, '"width, cm","say ""hi"""\n1,2\n')
  const check = checkInputsCsv(quoted, { features: ['width, cm', 'say "hi"'], classes: ['a'] })
  assert.ok(check.ok, JSON.stringify(check))
  assert.throws(() => singleRowCsv(['x', 'y'], ['1']), RangeError)
  // An empty field is reported by the check, with its column.
  const empty = checkInputsCsv(singleRowCsv(['x', 'y'], ['1', '']), SCHEMA)
  assert.equal(empty.ok, false)
  if (!empty.ok) assert.equal(empty.problem.column, 'y')
})

test("the server's answer must name the same hash and count as the browser's, or payment is blocked", () => {
  const hash = `0x${'ab'.repeat(32)}` as const
  assert.doesNotThrow(() =>
    assertSameInputs(
      { inputsHash: hash, count: 2 },
      { inputsHash: hash.toUpperCase().replace('0X', '0x') as `0x${string}`, count: 2 },
    ),
  )
  assert.throws(
    () => assertSameInputs({ inputsHash: hash, count: 2 }, { inputsHash: `0x${'cd'.repeat(32)}`, count: 2 }),
    InputsHashMismatchError,
  )
  assert.throws(
    () => assertSameInputs({ inputsHash: hash, count: 2 }, { inputsHash: hash, count: 3 }),
    /counted 3/,
  )
})
