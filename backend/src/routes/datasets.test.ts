import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { decodeTable, tableHash } from '@veritree/core/canonical'
import { type Harness, startHarness } from '../testing/harness.ts'
import { signIn, type TestClient } from '../testing/http.ts'
import { irisCsv } from '../testing/iris.ts'
import { unseal } from '../vault/seal.ts'

const upload = (
  c: TestClient,
  csv: string | Buffer,
  query = 'name=Iris&labelColumn=species',
  contentType = 'text/csv',
) => c.request('POST', `/datasets?${query}`, { body: csv as string, contentType })

describe('dataset upload', () => {
  let h: Harness
  let vendor: TestClient
  before(async () => {
    h = await startHarness()
    vendor = h.client()
    await signIn(vendor, h.vendor, h.chain.chainId)
  })
  after(() => h.close())

  it('stores a good CSV encrypted, with its commitment and schema', async () => {
    const res = await upload(
      vendor,
      irisCsv('train'),
      'name=Iris&labelColumn=species&description=Fisher%201936',
    )
    assert.equal(res.status, 201, JSON.stringify(res.body))
    const d = res.body.dataset
    assert.equal(d.rows, 120)
    assert.deepEqual(d.schema, {
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      classes: ['setosa', 'versicolor', 'virginica'],
      labelColumn: 'species',
    })
    assert.equal(d.vendor, h.vendor.account.address.toLowerCase())
    assert.equal(d.market, null)
    assert.equal(d.description, 'Fisher 1936')
    // The stored blob is ciphertext that opens to the canonical bytes the commitment names.
    const blob = await h.store.getSealedBlob(d.id)
    assert.ok(blob)
    assert.ok(!Buffer.from(blob.ciphertext).includes(Buffer.from(new BigInt64Array([5_100_000n]).buffer)))
    const bytes = unseal(h.dataKey, d.id, blob)
    assert.equal(tableHash(bytes), d.commitment)
    assert.equal(decodeTable(bytes).rows, 120)
    // Public routes show the schema and never rows.
    const list = await h.client().request('GET', '/datasets')
    assert.equal(list.body.datasets.length, 1)
    // No cell value (5.1 is the first row's) and no row or ciphertext field. 5.1 must stand alone:
    // a timestamp such as "…:05.123Z" holds the characters 5.1 too.
    assert.doesNotMatch(JSON.stringify(list.body), /(^|[^0-9.])5\.1(?![0-9])|values|ciphertext/)
    const one = await h.client().request('GET', `/datasets/${d.id}`)
    assert.equal(one.body.dataset.commitment, d.commitment)
    assert.deepEqual(one.body.recentSales, [])
    const mine = await vendor.request('GET', '/vendor/datasets')
    assert.equal(mine.body.datasets[0].earnings.withdrawable, null)
    // The same data again is a conflict, not a second copy.
    const again = await upload(vendor, irisCsv('train'))
    assert.equal(again.status, 409)
    assert.equal(again.body.error.code, 'duplicate_dataset')
  })

  it('rejects every bad-input class with a clear error and stores nothing', async () => {
    const before = (await h.store.listDatasets()).length
    const header = 'a,b,label'
    const rows = Array.from({ length: 12 }, (_, i) => `${i}.25,${-i},${i % 2 ? 'x' : 'y'}`)
    const csv = (lines: string[]) => `${[header, ...lines].join('\n')}\n`
    const withRow = (index: number, line: string) => csv(rows.map((r, i) => (i === index ? line : r)))
    const cases: Array<{
      name: string
      send: () => ReturnType<typeof upload>
      status: number
      code: string
      row?: number
      column?: string
    }> = [
      {
        name: 'ragged row',
        send: () => upload(vendor, withRow(3, '1,2'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_ragged_row',
        row: 5,
      },
      {
        name: 'non-numeric',
        send: () => upload(vendor, withRow(4, '1,abc,x'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_non_numeric',
        row: 6,
        column: 'b',
      },
      {
        name: 'NaN',
        send: () => upload(vendor, withRow(0, 'NaN,1,x'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_non_finite',
        row: 2,
        column: 'a',
      },
      {
        name: 'Inf',
        send: () => upload(vendor, withRow(1, '1,inf,x'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_non_finite',
        row: 3,
        column: 'b',
      },
      {
        name: 'empty value',
        send: () => upload(vendor, withRow(2, '1,,x'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_empty_value',
        row: 4,
        column: 'b',
      },
      {
        name: 'duplicate header',
        send: () => upload(vendor, csv(rows).replace('a,b,label', 'a,a,label'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_duplicate_header',
        row: 1,
        column: 'a',
      },
      {
        name: 'missing header name',
        send: () => upload(vendor, csv(rows).replace('a,b,label', 'a,,label'), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_missing_header',
        row: 1,
      },
      {
        name: 'missing label column',
        send: () => upload(vendor, csv(rows), 'name=t&labelColumn=species'),
        status: 422,
        code: 'csv_missing_label_column',
        row: 1,
      },
      {
        name: 'too few rows',
        send: () => upload(vendor, csv(rows.slice(0, 3)), 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_too_few_rows',
      },
      {
        name: 'too many classes',
        send: () =>
          upload(
            vendor,
            csv(Array.from({ length: 80 }, (_, i) => `${i},1,c${i}`)),
            'name=t&labelColumn=label',
          ),
        status: 422,
        code: 'csv_too_many_classes',
        row: 66,
        column: 'label',
      },
      {
        name: 'oversize file',
        send: () =>
          upload(
            vendor,
            csv(Array.from({ length: 5000 }, (_, i) => `${i}.123456,${i}.654321,${i % 2 ? 'x' : 'y'}`)),
            'name=t&labelColumn=label',
          ),
        status: 413,
        code: 'payload_too_large',
      },
      {
        name: 'invalid UTF-8',
        send: () =>
          upload(
            vendor,
            Buffer.concat([Buffer.from(csv(rows)), Buffer.from([0xff, 0xfe])]),
            'name=t&labelColumn=label',
          ),
        status: 422,
        code: 'csv_invalid_encoding',
      },
      {
        name: 'empty body',
        send: () => upload(vendor, '', 'name=t&labelColumn=label'),
        status: 422,
        code: 'csv_empty_file',
      },
      {
        name: 'not CSV',
        send: () => upload(vendor, csv(rows), 'name=t&labelColumn=label', 'application/octet-stream'),
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        name: 'missing name',
        send: () => upload(vendor, csv(rows), 'labelColumn=label'),
        status: 400,
        code: 'invalid_input',
      },
    ]
    for (const c of cases) {
      const res = await c.send()
      assert.equal(res.status, c.status, `${c.name}: ${JSON.stringify(res.body)}`)
      assert.equal(res.body.error.code, c.code, c.name)
      assert.ok(res.body.error.message.length > 10, c.name)
      // Details stay in the logs; the message names the row and column the way a spreadsheet shows them.
      assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message'], c.name)
      if (c.row !== undefined) assert.match(res.body.error.message, new RegExp(`\\brow ${c.row}\\b`), c.name)
      if (c.column !== undefined) assert.match(res.body.error.message, new RegExp(`"?${c.column}"?`), c.name)
    }
    assert.equal((await h.store.listDatasets()).length, before, 'a failed upload stores nothing')
  })

  it('refuses a body past the limit with 413 while streaming, declared or not, and stores nothing', async () => {
    const limit = h.deps.maxUploadBytes
    const before = (await h.store.listDatasets()).length
    const row = '1.5,2.5,x\n'
    // Declared: a Content-Length 128 times the limit is refused from the header; the client still
    // reads the clear 413 although the server stops reading and closes.
    const big = Buffer.from(`a,b,label\n${row.repeat((limit * 128) / row.length)}`)
    const declared = await upload(vendor, big, 'name=big&labelColumn=label')
    assert.equal(declared.status, 413)
    assert.equal(declared.body.error.code, 'payload_too_large')
    assert.match(declared.body.error.message, new RegExp(`${limit}-byte limit`))
    // Undeclared: a chunked body with no Content-Length is counted as it arrives and cut off past the
    // limit. It stops at 64 times the limit, so a server that did not count would store it (201).
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit * 64) return controller.close()
        const chunk = new TextEncoder().encode(
          sent === 0 ? `a,b,label\n${row.repeat(1000)}` : row.repeat(1000),
        )
        sent += chunk.length
        controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${h.baseUrl}/datasets?name=endless&labelColumn=label`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: vendor.cookie ?? '' },
      body: endless,
      duplex: 'half',
      signal: AbortSignal.timeout(60_000),
    } as RequestInit)
    assert.equal(res.status, 413)
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large')
    assert.ok(sent > limit, 'the server read past the limit before refusing')
    assert.equal((await h.store.listDatasets()).length, before)
    // The service still answers.
    assert.equal((await h.client().request('GET', '/datasets')).status, 200)
  })

  it('answers unknown and malformed dataset ids with 404 and 400', async () => {
    assert.equal((await h.client().request('GET', '/datasets/999')).status, 404)
    assert.equal((await h.client().request('GET', '/datasets/abc')).status, 400)
    assert.equal((await h.client().request('GET', '/datasets/1/curve')).status, 409)
  })
})
