import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { JobError } from '@veritree/core/api'
import type { Row } from './rows.ts'

/**
 * The claim/lease/transition machinery shared by every durable pipeline table (sale jobs, feed
 * requests): one statement claims a due, unheld row; every write afterwards matches the holder, so a
 * worker that lost its lease writes nothing; each state change is recorded with its transition in one
 * transaction. The tables share the columns state, holder, lease_expires_at, attempts, run_after,
 * error, error_code, progress_json, updated_at.
 */
export type LeasedTable<S extends string, R, P> = {
  claim(holder: string, now: number, leaseMs: number): R | null
  heartbeat(pk: number, holder: string, leaseExpiresAt: number): boolean
  advance(pk: number, holder: string, from: S, to: S, patch: P, now: number, note?: string): boolean
  patch(pk: number, holder: string, patch: P, now: number): boolean
  retry(pk: number, holder: string, error: JobError, runAfter: number, now: number): boolean
  fail(pk: number, holder: string, from: S, reason: JobError, now: number): boolean
  /** Moves an unheld (or lease-expired) row, as the chain says; for reconcilers. */
  reconcile(pk: number, from: S, to: S, patch: P, error: JobError | null, now: number, note: string): boolean
  setProgress(pk: number, progress: unknown): void
  transition(pk: number, from: S | null, to: S, note: string | null, now: number): void
  transitions(pk: number): Array<{ from: S | null; to: S; note: string | null; at: number }>
  inTransaction<T>(work: () => T): T
}

export function leasedTable<S extends string, R, P>(
  db: DatabaseSync,
  spec: {
    table: string
    /** The transitions table and its column naming the row. */
    transitions: { table: string; column: string }
    /** States the worker never claims: the terminal ones, and any that wait for something else. */
    idle: readonly S[]
    toRecord: (row: Row) => R
    patchColumns: (patch: P) => Array<[string, SQLInputValue]>
  },
): LeasedTable<S, R, P> {
  const { table, transitions } = spec
  const idle = spec.idle.map((s) => `'${s}'`).join(', ')
  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
  const transition = (pk: number, from: S | null, to: S, note: string | null, now: number): void => {
    db.prepare(
      `INSERT INTO ${transitions.table} (${transitions.column}, from_state, to_state, note, at) VALUES (?, ?, ?, ?, ?)`,
    ).run(pk, from, to, note, now)
  }
  return {
    inTransaction,
    transition,
    claim(holder, now, leaseMs) {
      // One statement picks and marks the row, so two workers can never hold the same one.
      const row = db
        .prepare(
          `UPDATE ${table} SET holder = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ?
           WHERE id = (
             SELECT id FROM ${table}
             WHERE state NOT IN (${idle}) AND run_after <= ? AND (holder IS NULL OR lease_expires_at < ?)
             ORDER BY run_after, id LIMIT 1
           ) RETURNING *`,
        )
        .get(holder, now + leaseMs, now, now, now) as Row | undefined
      return row ? spec.toRecord(row) : null
    },
    heartbeat(pk, holder, leaseExpiresAt) {
      const r = db
        .prepare(`UPDATE ${table} SET lease_expires_at = ? WHERE id = ? AND holder = ?`)
        .run(leaseExpiresAt, pk, holder)
      return Number(r.changes) === 1
    },
    advance(pk, holder, from, to, patch, now, note) {
      return inTransaction(() => {
        const cols = spec.patchColumns(patch)
        const sets = [
          'state = ?',
          'holder = NULL',
          'lease_expires_at = NULL',
          'attempts = 0',
          'error = NULL',
          'error_code = NULL',
          'run_after = ?',
          'updated_at = ?',
          ...cols.map(([c]) => `${c} = ?`),
        ]
        const r = db
          .prepare(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = ? AND holder = ? AND state = ?`)
          .run(to, now, now, ...cols.map(([, v]) => v), pk, holder, from)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, to, note ?? null, now)
        return true
      })
    },
    patch(pk, holder, patch, now) {
      const cols = spec.patchColumns(patch)
      if (cols.length === 0) return true
      const r = db
        .prepare(
          `UPDATE ${table} SET ${cols.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ? AND holder = ?`,
        )
        .run(...cols.map(([, v]) => v), now, pk, holder)
      return Number(r.changes) === 1
    },
    retry(pk, holder, error, runAfter, now) {
      const r = db
        .prepare(
          `UPDATE ${table} SET holder = NULL, lease_expires_at = NULL, error = ?, error_code = ?, run_after = ?, updated_at = ? WHERE id = ? AND holder = ?`,
        )
        .run(error.message, error.code, runAfter, now, pk, holder)
      return Number(r.changes) === 1
    },
    fail(pk, holder, from, reason, now) {
      return inTransaction(() => {
        const r = db
          .prepare(
            `UPDATE ${table} SET state = 'failed', holder = NULL, lease_expires_at = NULL, error = ?, error_code = ?, updated_at = ? WHERE id = ? AND holder = ? AND state = ?`,
          )
          .run(reason.message, reason.code, now, pk, holder, from)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, 'failed' as S, `${reason.code}: ${reason.message}`, now)
        return true
      })
    },
    reconcile(pk, from, to, patch, error, now, note) {
      // Not held: only a row whose lease is free or expired moves, so this never races a running step
      // (the step's own advance then finds the state changed and writes nothing).
      return inTransaction(() => {
        const cols = spec.patchColumns(patch)
        const sets = [
          'state = ?',
          'holder = NULL',
          'lease_expires_at = NULL',
          'error = ?',
          'error_code = ?',
          'updated_at = ?',
          ...cols.map(([c]) => `${c} = ?`),
        ]
        const r = db
          .prepare(
            `UPDATE ${table} SET ${sets.join(', ')} WHERE id = ? AND state = ? AND (holder IS NULL OR lease_expires_at < ?)`,
          )
          .run(to, error?.message ?? null, error?.code ?? null, now, ...cols.map(([, v]) => v), pk, from, now)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, to, note, now)
        return true
      })
    },
    setProgress(pk, progress) {
      db.prepare(`UPDATE ${table} SET progress_json = ? WHERE id = ?`).run(JSON.stringify(progress), pk)
    },
    transitions(pk) {
      return (
        db
          .prepare(`SELECT * FROM ${transitions.table} WHERE ${transitions.column} = ? ORDER BY id`)
          .all(pk) as Row[]
      ).map((row) => ({
        from: (row.from_state ?? null) as S | null,
        to: row.to_state as S,
        note: (row.note ?? null) as string | null,
        at: Number(row.at),
      }))
    },
  }
}
