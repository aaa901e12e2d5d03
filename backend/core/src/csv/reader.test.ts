import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CsvError, createCsvReader, parseCsv } from './index.ts'

const fields = (text: string) => parseCsv(text).map((r) => r.fields)

describe('parseCsv', () => {
  it('reads RFC 4180 quoting, escaped quotes, CRLF and a BOM', () => {
    assert.deepEqual(fields('\uFEFFa,"b ""x"", y"\r\n1,"2\r\n3"\r\n'), [
      ['a', 'b "x", y'],
      ['1', '2\r\n3'],
    ])
  })

  it('numbers rows as a spreadsheet does, even across quoted newlines', () => {
    const rows = parseCsv('h1,h2\n"a\nb",1\nc,2\n').map((r) => r.row)
    assert.deepEqual(rows, [1, 2, 3])
  })

  it('drops trailing blank lines but reports blank lines in the middle', () => {
    assert.deepEqual(fields('a\n1\n\n\n'), [['a'], ['1']])
    assert.deepEqual(parseCsv('a\n\n1\n'), [
      { row: 1, fields: ['a'] },
      { row: 2, fields: [''] },
      { row: 3, fields: ['1'] },
    ])
  })

  it('gives the same records however the text is chunked', () => {
    const text = 'x,"y,z"\r\n"1""",2\r\n3,"4\n5"'
    const whole = fields(text)
    for (let size = 1; size <= 4; size++) {
      const reader = createCsvReader()
      const out = []
      for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)))
      out.push(...reader.end())
      assert.deepEqual(
        out.map((r) => r.fields),
        whole,
        `chunk size ${size}`,
      )
    }
  })

  it('rejects an unterminated quote and stray quotes, naming the row', () => {
    assert.throws(
      () => parseCsv('a\n"open\n'),
      (e: unknown) => e instanceof CsvError && e.code === 'unterminated_quote' && e.row === 2,
    )
    assert.throws(
      () => parseCsv('a,b\n1,x"y\n'),
      (e: unknown) => e instanceof CsvError && e.code === 'stray_quote' && e.row === 2,
    )
    assert.throws(
      () => parseCsv('a,b\n"1"x,2\n'),
      (e: unknown) => e instanceof CsvError && e.code === 'stray_quote' && e.row === 2,
    )
  })
})
