import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { type JobErrorCode, TERMINAL_JOB_STATES } from '@veritree/core/api'
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
import { leasedTable } from './lease.ts'
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
export function patchColumns(patch: JobPatch): Array<[string, SQLInputValue]> {
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
  const lease = leasedTable<JobState, JobRecord, JobPatch>(db, {
    table: 'jobs',
    transitions: { table: 'job_transitions', column: 'job' },
    idle: TERMINAL_JOB_STATES,
    toRecord: toJob,
    patchColumns,
  })
  const { transition, inTransaction } = lease

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
      return lease.claim(holder, now, leaseMs)
    },
    async heartbeat(pk, holder, leaseExpiresAt) {
      return lease.heartbeat(pk, holder, leaseExpiresAt)
    },
    async advanceJob(pk, holder, from, to, patch, now, note) {
      return lease.advance(pk, holder, from, to, patch, now, note)
    },
    async patchJob(pk, holder, patch, now) {
      return lease.patch(pk, holder, patch, now)
    },
    async retryJob(pk, holder, error, runAfter, now) {
      return lease.retry(pk, holder, error, runAfter, now)
    },
    async failJob(pk, holder, from, reason, now) {
      return lease.fail(pk, holder, from, reason, now)
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
      return lease.reconcile(pk, from, to, patch, error, now, note)
    },
    async setProgress(pk, progress) {
      lease.setProgress(pk, progress)
    },
    async jobTransitions(pk) {
      return lease.transitions(pk)
    },
  }
}
