import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CanonicalError } from './canonical/errors.ts'
import { CsvError } from './csv/errors.ts'
import { errorMessage, VeritreeError, walkErrors } from './errors.ts'

describe('VeritreeError', () => {
  it('carries code, message, details and cause', () => {
    const root = new Error('socket closed')
    const e = new VeritreeError('rpc_unavailable', 'the chain did not answer', {
      details: { attempt: 2 },
      cause: root,
    })
    assert.equal(e.code, 'rpc_unavailable')
    assert.equal(e.message, 'the chain did not answer')
    assert.deepEqual(e.details, { attempt: 2 })
    assert.equal(e.cause, root)
    assert.ok(e instanceof Error)
  })

  it('walks the cause chain to the deepest cause or the first match', () => {
    const root = new CsvError('ragged_row', 'row 3 has 2 cells, the header has 3', { row: 3 })
    const mid = new VeritreeError('upload_failed', 'upload failed', { cause: root })
    const top = new Error('request failed', { cause: mid })
    assert.equal(mid.walk(), root)
    assert.equal(
      walkErrors(top, (e) => e instanceof CsvError),
      root,
    )
    assert.equal(
      walkErrors(top, (e) => e instanceof CanonicalError),
      null,
    )
    assert.equal(walkErrors('plain'), 'plain')
  })

  it('subclasses keep their codes and pinned messages', () => {
    const c = new CanonicalError('TABLE_EMPTY', 'table has 0 rows and 2 features; both must be >= 1')
    assert.ok(c instanceof VeritreeError)
    assert.equal(c.message, 'TABLE_EMPTY: table has 0 rows and 2 features; both must be >= 1')
    const csv = new CsvError('unknown_class', 'row 4: class "rose" is not one of the dataset\'s classes', {
      row: 4,
      column: 'label',
    })
    assert.ok(csv instanceof VeritreeError)
    assert.deepEqual(csv.toJSON(), {
      code: 'unknown_class',
      row: 4,
      column: 'label',
      message: 'row 4: class "rose" is not one of the dataset\'s classes',
    })
  })
})

describe('errorMessage', () => {
  it('reads any thrown value', () => {
    assert.equal(errorMessage(new Error('boom')), 'boom')
    assert.equal(errorMessage('plain text'), 'plain text')
    assert.equal(errorMessage({ status: 503 }), '{"status":503}')
    assert.equal(errorMessage(undefined), 'undefined')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    assert.equal(errorMessage(cyclic), '[object Object]')
  })
})
