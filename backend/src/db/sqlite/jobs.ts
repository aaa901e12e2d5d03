import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { JobErrorCode } from '@veritree/core/api'
import { trainingParamsHash } from '@veritree/core/canonical'
import type { Address, Hex } from 'viem'
import type { AggregationProof, TimestampReceipt } from '../../attest/types.ts'
import type {
  AttestationResult,
  JobPatch,
  JobRecord,
  JobState,
  ProveStats,
  RefundResult,
  SettlementOutcome,
  Store,
  VerificationResult,
} from '../types.ts'
import { readJournalFormat, readJournalFormats, readParams } from './quotes.ts'
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
  | 'getQuoteTerms'
  | 'listOpenJobs'
  | 'reconcileJob'
>

function toJob(row: Row): JobRecord {
  const met = numOrNull(row, 'met')
  const model = bytesOrNull(row, 'model')
  const modelHash = strOrNull(row, 'model_hash') as Hex | null
  const correct = numOrNull(row, 'correct')
  const total = numOrNull(row, 'total')
  const imageId = strOrNull(row, 'image_id') as Hex | null
  const journal = strOrNull(row, 'journal') as Hex | null
  const receiptPath = strOrNull(row, 'receipt_path')
  const settleTx = strOrNull(row, 'settle_tx') as Hex | null
  const submission = jsonOrNull<VerificationResult['submission']>(
    row,
    'verify_submission_json',
    bigintReviver,
  )
  const aggregation = jsonOrNull<AggregationProof>(row, 'aggregation_json', bigintReviver)
  const pending = jsonOrNull<AttestationResult['pending']>(row, 'attest_pending_json')
  const timestamp = jsonOrNull<TimestampReceipt>(row, 'timestamp_json', bigintReviver)
  const refundReason = numOrNull(row, 'refund_reason')
  const errorMessage = strOrNull(row, 'error')
  const paramsHash = strOrNull(row, 'params_hash') as Hex | null
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
    terms:
      paramsHash === null
        ? null
        : {
            paramsHash,
            modelCommitment: str(row, 'model_commitment') as Hex,
            quoteExpiresAt: num(row, 'quote_expires_at'),
            verifierId: num(row, 'verifier_id'),
            journalFormat: readJournalFormat(numOrNull(row, 'journal_format') ?? 1),
          },
    state: str(row, 'state') as JobState,
    progress: jsonOrNull(row, 'progress_json'),
    error:
      errorMessage === null
        ? null
        : { code: (strOrNull(row, 'error_code') ?? 'internal') as JobErrorCode, message: errorMessage },
    attempts: num(row, 'attempts'),
    runAfter: num(row, 'run_after'),
    holder: strOrNull(row, 'holder'),
    leaseExpiresAt: numOrNull(row, 'lease_expires_at'),
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
    training:
      model && modelHash && correct !== null && total !== null && met !== null
        ? { model, modelHash, correct, total, met: met === 1 }
        : null,
    proof:
      imageId && journal && receiptPath
        ? {
            imageId,
            journal,
            receiptPath,
            stats: jsonOrNull<ProveStats>(row, 'prove_json') ?? {
              cycles: null,
              segments: null,
              provingMs: null,
              receiptBytes: null,
            },
          }
        : null,
    verification: submission || aggregation ? { submission, aggregation } : null,
    settlement: settleTx
      ? { tx: settleTx, outcome: jsonOrNull<SettlementOutcome>(row, 'settle_outcome_json') }
      : null,
    refund:
      refundReason === null
        ? null
        : {
            reason: refundReason,
            tx: strOrNull(row, 'refund_tx') as Hex | null,
            status: strOrNull(row, 'refund_status') as RefundResult['status'],
          },
    attestation: pending || timestamp ? { pending, timestamp } : null,
  }
}

/** Column assignments for the result groups a patch sets (a null group clears its columns). */
function patchColumns(patch: JobPatch): Array<[string, SQLInputValue]> {
  const cols: Array<[string, SQLInputValue]> = []
  if (patch.training !== undefined) {
    const t = patch.training
    cols.push(
      ['model', t?.model ?? null],
      ['model_hash', t?.modelHash ?? null],
      ['correct', t?.correct ?? null],
      ['total', t?.total ?? null],
      ['met', t ? (t.met ? 1 : 0) : null],
    )
  }
  if (patch.proof !== undefined) {
    const p = patch.proof
    cols.push(
      ['image_id', p?.imageId ?? null],
      ['journal', p?.journal ?? null],
      ['receipt_path', p?.receiptPath ?? null],
      ['prove_json', p ? toJson(p.stats) : null],
    )
  }
  if (patch.verification !== undefined) {
    const v = patch.verification
    cols.push(
      ['verify_submission_json', v?.submission ? toJson(v.submission) : null],
      ['aggregation_json', v?.aggregation ? toJson(v.aggregation) : null],
    )
  }
  if (patch.settlement !== undefined) {
    const st = patch.settlement
    cols.push(
      ['settle_tx', st?.tx ?? null],
      ['settle_outcome_json', st?.outcome ? toJson(st.outcome) : null],
      ['settlement', st?.outcome?.status ?? null],
    )
  }
  if (patch.refund !== undefined) {
    const r = patch.refund
    cols.push(
      ['refund_reason', r?.reason ?? null],
      ['refund_tx', r?.tx ?? null],
      ['refund_status', r?.status ?? null],
    )
  }
  if (patch.attestation !== undefined) {
    const at = patch.attestation
    cols.push(
      ['attest_pending_json', at?.pending ? toJson(at.pending) : null],
      ['timestamp_json', at?.timestamp ? toJson(at.timestamp) : null],
    )
  }
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
               opened_block, opened_tx, params_hash, model_commitment, quote_expires_at, verifier_id, journal_format, state, run_after, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opened', ?, ?, ?)
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
            job.terms?.paramsHash.toLowerCase() ?? null,
            job.terms?.modelCommitment.toLowerCase() ?? null,
            job.terms?.quoteExpiresAt ?? null,
            job.terms?.verifierId ?? null,
            job.terms?.journalFormat ?? null,
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
             WHERE state NOT IN ('done', 'refunded', 'failed') AND run_after <= ? AND (holder IS NULL OR lease_expires_at < ?)
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
          'error_code = NULL',
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
          'UPDATE jobs SET holder = NULL, lease_expires_at = NULL, error = ?, error_code = ?, run_after = ?, updated_at = ? WHERE id = ? AND holder = ?',
        )
        .run(error.message, error.code, runAfter, now, pk, holder)
      return Number(r.changes) === 1
    },
    async failJob(pk, holder, from, reason, now) {
      return inTransaction(() => {
        const r = db
          .prepare(
            "UPDATE jobs SET state = 'failed', holder = NULL, lease_expires_at = NULL, error = ?, error_code = ?, updated_at = ? WHERE id = ? AND holder = ? AND state = ?",
          )
          .run(reason.message, reason.code, now, pk, holder, from)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, 'failed', `${reason.code}: ${reason.message}`, now)
        return true
      })
    },
    async getQuoteTerms(quoteId) {
      // Reads the binding fields the preview stores with each quote. Columns a quote row predates
      // (model_salt, params_hash, quote_expires_at) read as unknown: such a quote cannot be settled.
      const row = db.prepare('SELECT * FROM quotes WHERE id = ?').get(quoteId.toLowerCase()) as
        | Row
        | undefined
      if (!row) return null
      const salt = typeof row.model_salt === 'string' ? (row.model_salt as Hex) : null
      const paramsHash =
        typeof row.params_hash === 'string'
          ? (row.params_hash as Hex)
          : trainingParamsHash(readParams(str(row, 'params_json')))
      const expiresAt =
        typeof row.quote_expires_at === 'number' || typeof row.quote_expires_at === 'bigint'
          ? Number(row.quote_expires_at)
          : Math.floor(num(row, 'expires_at') / 1000)
      return {
        journalFormats: readJournalFormats(strOrNull(row, 'journal_formats_json')),
        modelHash: str(row, 'model_hash') as Hex,
        modelSalt: salt,
        paramsHash,
        quoteExpiresAt: expiresAt,
      }
    },
    async listOpenJobs() {
      return (
        db.prepare("SELECT * FROM jobs WHERE state NOT IN ('done', 'refunded') ORDER BY id").all() as Row[]
      ).map(toJob)
    },
    async reconcileJob(pk, from, to, patch, error, now, note) {
      // Not held: the reconciler only moves a job whose lease is free or expired, so it never races a
      // running step (the step's own advance then finds the state changed and writes nothing).
      return inTransaction(() => {
        const cols = patchColumns(patch)
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
            `UPDATE jobs SET ${sets.join(', ')} WHERE id = ? AND state = ? AND (holder IS NULL OR lease_expires_at < ?)`,
          )
          .run(to, error?.message ?? null, error?.code ?? null, now, ...cols.map(([, v]) => v), pk, from, now)
        if (Number(r.changes) !== 1) return false
        transition(pk, from, to, note, now)
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
