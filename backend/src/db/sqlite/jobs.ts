import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { Address, Hex } from 'viem'
import type { JobPatch, JobRecord, JobState, Store } from '../types.ts'
import {
  bigintReviver,
  bytesOrNull,
  jsonOrNull,
  num,
  numOrNull,
  type Row,
  str,
  strOrNull,
  toJson,
} from './rows.ts'

type JobStore = Pick<
  Store,
  | 'insertJob'
  | 'getJob'
  | 'listJobs'
  | 'claimJob'
  | 'heartbeat'
  | 'advanceJob'
  | 'patchJob'
  | 'retryJob'
  | 'failJob'
  | 'setProgress'
  | 'jobTransitions'
>

function toJob(row: Row): JobRecord {
  const met = numOrNull(row, 'met')
  return {
    pk: num(row, 'id'),
    chainId: num(row, 'chain_id'),
    market: str(row, 'market') as Address,
    jobId: str(row, 'job_id') as Hex,
    datasetId: num(row, 'dataset_id'),
    quoteId: str(row, 'quote_id') as Hex,
    customer: str(row, 'customer') as Address,
    testSetHash: str(row, 'test_set_hash') as Hex,
    thresholdBps: num(row, 'threshold_bps'),
    priceWei: str(row, 'price_wei'),
    deadline: num(row, 'deadline'),
    openedBlock: BigInt(str(row, 'opened_block')),
    openedTx: str(row, 'opened_tx') as Hex,
    state: str(row, 'state') as JobState,
    progress: jsonOrNull(row, 'progress_json'),
    error: strOrNull(row, 'error'),
    attempts: num(row, 'attempts'),
    runAfter: num(row, 'run_after'),
    holder: strOrNull(row, 'holder'),
    leaseExpiresAt: numOrNull(row, 'lease_expires_at'),
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
    model: bytesOrNull(row, 'model'),
    modelHash: strOrNull(row, 'model_hash') as Hex | null,
    correct: numOrNull(row, 'correct'),
    total: numOrNull(row, 'total'),
    met: met === null ? null : met === 1,
    imageId: strOrNull(row, 'image_id') as Hex | null,
    journal: strOrNull(row, 'journal') as Hex | null,
    receiptPath: strOrNull(row, 'receipt_path'),
    prove: jsonOrNull(row, 'prove_json'),
    aggregation: jsonOrNull(row, 'aggregation_json', bigintReviver),
    settleTx: strOrNull(row, 'settle_tx') as Hex | null,
    settlement: strOrNull(row, 'settlement'),
    timestamp: jsonOrNull(row, 'timestamp_json', bigintReviver),
  }
}

/** Column assignments for the result fields a patch sets. */
function patchColumns(patch: JobPatch): Array<[string, SQLInputValue]> {
  const cols: Array<[string, SQLInputValue]> = []
  if (patch.model !== undefined) cols.push(['model', patch.model])
  if (patch.modelHash !== undefined) cols.push(['model_hash', patch.modelHash])
  if (patch.correct !== undefined) cols.push(['correct', patch.correct])
  if (patch.total !== undefined) cols.push(['total', patch.total])
  if (patch.met !== undefined) cols.push(['met', patch.met === null ? null : patch.met ? 1 : 0])
  if (patch.imageId !== undefined) cols.push(['image_id', patch.imageId])
  if (patch.journal !== undefined) cols.push(['journal', patch.journal])
  if (patch.receiptPath !== undefined) cols.push(['receipt_path', patch.receiptPath])
  if (patch.prove !== undefined) cols.push(['prove_json', patch.prove === null ? null : toJson(patch.prove)])
  if (patch.aggregation !== undefined)
    cols.push(['aggregation_json', patch.aggregation === null ? null : toJson(patch.aggregation)])
  if (patch.settleTx !== undefined) cols.push(['settle_tx', patch.settleTx])
  if (patch.settlement !== undefined) cols.push(['settlement', patch.settlement])
  if (patch.timestamp !== undefined)
    cols.push(['timestamp_json', patch.timestamp === null ? null : toJson(patch.timestamp)])
  return cols
}

export function jobStore(db: DatabaseSync): JobStore {
  const transition = (
    pk: number,
    from: JobState | null,
    to: JobState,
    note: string | null,
    now: number,
  ): void => {
    db.prepare(
      'INSERT INTO job_transitions (job, from_state, to_state, note, at) VALUES (?, ?, ?, ?, ?)',
    ).run(pk, from, to, note, now)
  }
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

  return {
    async insertJob(job, now) {
      return inTransaction(() => {
        const row = db
          .prepare(
            `INSERT INTO jobs (chain_id, market, job_id, dataset_id, quote_id, customer, test_set_hash, threshold_bps, price_wei, deadline,
               opened_block, opened_tx, state, run_after, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opened', ?, ?, ?)
             ON CONFLICT (chain_id, market, job_id) DO NOTHING RETURNING *`,
          )
          .get(
            job.chainId,
            job.market.toLowerCase(),
            job.jobId.toLowerCase(),
            job.datasetId,
            job.quoteId.toLowerCase(),
            job.customer.toLowerCase(),
            job.testSetHash.toLowerCase(),
            job.thresholdBps,
            job.priceWei,
            job.deadline,
            job.openedBlock.toString(),
            job.openedTx,
            now,
            now,
            now,
          ) as Row | undefined
        if (!row) return null
        const record = toJob(row)
        transition(record.pk, null, 'opened', `tx ${job.openedTx}`, now)
        return record
      })
    },
    async getJob(jobId) {
      const row = db
        .prepare('SELECT * FROM jobs WHERE job_id = ? ORDER BY id LIMIT 1')
        .get(jobId.toLowerCase()) as Row | undefined
      return row ? toJob(row) : null
    },
    async listJobs(filter) {
      const where: string[] = []
      const args: SQLInputValue[] = []
      if (filter.customer) {
        where.push('customer = ?')
        args.push(filter.customer.toLowerCase())
      }
      if (filter.datasetId !== undefined) {
        where.push('dataset_id = ?')
        args.push(filter.datasetId)
      }
      if (filter.state) {
        where.push('state = ?')
        args.push(filter.state)
      }
      const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
      return (db.prepare(sql).all(...args, filter.limit ?? 100) as Row[]).map(toJob)
    },
    async claimJob(holder, now, leaseMs) {
      // One statement picks and marks the job, so two workers can never hold the same one.
      const row = db
        .prepare(
          `UPDATE jobs SET holder = ?, lease_expires_at = ?, attempts = attempts + 1, updated_at = ?
           WHERE id = (
             SELECT id FROM jobs
             WHERE state NOT IN ('done', 'failed') AND run_after <= ? AND (holder IS NULL OR lease_expires_at < ?)
             ORDER BY run_after, id LIMIT 1
           ) RETURNING *`,
        )
        .get(holder, now + leaseMs, now, now, now) as Row | undefined
      return row ? toJob(row) : null
    },
    async heartbeat(pk, holder, leaseExpiresAt) {
      const r = db
        .prepare('UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND holder = ?')
        .run(leaseExpiresAt, pk, holder)
      return Number(r.changes) === 1
    },
    async advanceJob(pk, holder, from, to, patch, now, note) {
      return inTransaction(() => {
        const cols = patchColumns(patch)
        const sets = [
          'state = ?',
          'holder = NULL',
          'lease_expires_at = NULL',
          'attempts = 0',
          'error = NULL',
          'run_after = ?',
          'updated_at = ?',
          ...cols.map(([c]) => `${c} = ?`),
        ]
        const r = db
          .prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ? AND holder = ? AND state = ?`)
          .run(to, now, now, ...cols.map(([, v]) => v), pk, holder, from)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, to, note ?? null, now)
        return true
      })
    },
    async patchJob(pk, holder, patch, now) {
      const cols = patchColumns(patch)
      if (cols.length === 0) return true
      const r = db
        .prepare(
          `UPDATE jobs SET ${cols.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ? AND holder = ?`,
        )
        .run(...cols.map(([, v]) => v), now, pk, holder)
      return Number(r.changes) === 1
    },
    async retryJob(pk, holder, error, runAfter, now) {
      const r = db
        .prepare(
          'UPDATE jobs SET holder = NULL, lease_expires_at = NULL, error = ?, run_after = ?, updated_at = ? WHERE id = ? AND holder = ?',
        )
        .run(error, runAfter, now, pk, holder)
      return Number(r.changes) === 1
    },
    async failJob(pk, holder, from, reason, now) {
      return inTransaction(() => {
        const r = db
          .prepare(
            "UPDATE jobs SET state = 'failed', holder = NULL, lease_expires_at = NULL, error = ?, updated_at = ? WHERE id = ? AND holder = ? AND state = ?",
          )
          .run(reason, now, pk, holder, from)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, 'failed', reason, now)
        return true
      })
    },
    async setProgress(pk, progress) {
      db.prepare('UPDATE jobs SET progress_json = ? WHERE id = ?').run(JSON.stringify(progress), pk)
    },
    async jobTransitions(pk) {
      return (db.prepare('SELECT * FROM job_transitions WHERE job = ? ORDER BY id').all(pk) as Row[]).map(
        (row) => ({
          from: strOrNull(row, 'from_state') as JobState | null,
          to: str(row, 'to_state') as JobState,
          note: strOrNull(row, 'note'),
          at: num(row, 'at'),
        }),
      )
    },
  }
}
