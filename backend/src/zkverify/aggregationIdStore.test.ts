import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { openSqliteAggregationIdStore } from './aggregationIdStore.ts'

describe('openSqliteAggregationIdStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-aggids-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('hands out increasing ids per domain and never reuses one after a reopen', () => {
    const path = join(dir, 'ids.sqlite')
    const first = openSqliteAggregationIdStore(path)
    assert.equal(first.reserveAggregationId(7n), 1n)
    assert.equal(first.reserveAggregationId(7n), 2n)
    assert.equal(first.reserveAggregationId(8n), 1n)
    first.close()
    const reopened = openSqliteAggregationIdStore(path)
    assert.equal(reopened.reserveAggregationId(7n), 3n)
    assert.equal(reopened.reserveAggregationId(8n), 2n)
    reopened.close()
  })

  it('rejects a negative domain id and changes nothing', () => {
    const store = openSqliteAggregationIdStore(':memory:')
    assert.throws(() => store.reserveAggregationId(-1n), /domain id must be non-negative/)
    assert.equal(store.reserveAggregationId(0n), 1n)
    store.close()
  })
})
