import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { describe, it } from 'node:test'
import { ensureGenesis } from './genesis.ts'
import { HcsStore } from './store.ts'

describe('HcsStore', () => {
  it('hands out strictly increasing consensus timestamps, even when the clock stalls or goes back, across reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-store-'))
    const path = join(dir, 'hcs.sqlite')
    try {
      const store = HcsStore.open(path)
      ensureGenesis(store)
      const t = (wall: bigint) => store.inTransaction(() => store.nextConsensusNs(wall))
      assert.equal(t(1_000n), 1_000n)
      assert.equal(t(1_000n), 1_001n) // same millisecond
      assert.equal(t(500n), 1_002n) // clock went back
      assert.equal(t(5_000n), 5_000n)
      store.close()

      const reopened = HcsStore.open(path)
      assert.equal(
        reopened.inTransaction(() => reopened.nextConsensusNs(10n)),
        5_001n,
      )
      assert.equal(
        reopened.inTransaction(() => reopened.takeEntityNum()),
        1001n,
      )
      reopened.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rolls back everything a failed transaction wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-store-'))
    try {
      const store = HcsStore.open(join(dir, 'hcs.sqlite'))
      ensureGenesis(store)
      assert.throws(
        () =>
          store.inTransaction(() => {
            store.takeEntityNum()
            throw new Error('boom')
          }),
        /boom/,
      )
      assert.equal(
        store.inTransaction(() => store.takeEntityNum()),
        1001n,
      )
      store.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a database from another schema version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-store-'))
    const path = join(dir, 'hcs.sqlite')
    try {
      HcsStore.open(path).close()
      const db = new DatabaseSync(path)
      db.exec("UPDATE node_meta SET value = '99' WHERE key = 'schema_version'")
      db.close()
      assert.throws(() => HcsStore.open(path), /has schema version 99, this code expects 1/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
