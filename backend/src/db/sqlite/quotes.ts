import type { DatabaseSync } from 'node:sqlite'
import type { JournalFormat } from '@veritree/core/api'
import { gainThresholdPpm, type TrainingParams } from '@veritree/core/training'
import type { Address, Hex } from 'viem'
import type { Store } from '../types.ts'
import { bytes, num, type Row, str, strOrNull } from './rows.ts'

type QuoteStore = Pick<
  Store,
  'putQuote' | 'getQuote' | 'sweepQuotes' | 'chargePreview' | 'refundPreview' | 'sweepPreviewCharges'
>

export function quoteStore(db: DatabaseSync): QuoteStore {
  return {
    async putQuote(q) {
      db.prepare(
        `INSERT INTO quotes (id, dataset_id, customer, params_json, test_set, test_set_hash, threshold_bps, correct,
           total, model_hash, price_wei, created_at, expires_at, params_hash, model_salt, model_commitment, quote_expires_at, journal_formats_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        q.id.toLowerCase(),
        q.datasetId,
        q.customer.toLowerCase(),
        JSON.stringify(q.params),
        q.testSet,
        q.testSetHash,
        q.thresholdBps,
        q.correct,
        q.total,
        q.modelHash,
        q.priceWei,
        q.createdAt,
        q.expiresAt,
        q.paramsHash,
        q.modelSalt,
        q.modelCommitment,
        q.quoteExpiresAt,
        JSON.stringify(q.journalFormats),
      )
    },
    async getQuote(id) {
      const row = db.prepare('SELECT * FROM quotes WHERE id = ?').get(id.toLowerCase()) as Row | undefined
      if (!row) return null
      const expiresAt = num(row, 'expires_at')
      return {
        id: str(row, 'id') as Hex,
        datasetId: num(row, 'dataset_id'),
        customer: str(row, 'customer') as Address,
        params: readParams(str(row, 'params_json')),
        testSet: bytes(row, 'test_set'),
        testSetHash: str(row, 'test_set_hash') as Hex,
        thresholdBps: num(row, 'threshold_bps'),
        correct: num(row, 'correct'),
        total: num(row, 'total'),
        modelHash: str(row, 'model_hash') as Hex,
        // Quotes written before migration 3 have no terms; they can never match a new openJob.
        modelSalt: (strOrNull(row, 'model_salt') ?? ZERO32) as Hex,
        modelCommitment: (strOrNull(row, 'model_commitment') ?? ZERO32) as Hex,
        paramsHash: (strOrNull(row, 'params_hash') ?? ZERO32) as Hex,
        journalFormats: readJournalFormats(strOrNull(row, 'journal_formats_json')),
        priceWei: strOrNull(row, 'price_wei'),
        createdAt: num(row, 'created_at'),
        expiresAt,
        quoteExpiresAt:
          row.quote_expires_at === null ? Math.floor(expiresAt / 1000) : num(row, 'quote_expires_at'),
      }
    },
    async sweepQuotes(expiredBefore) {
      const result = db
        .prepare(
          'DELETE FROM quotes WHERE expires_at < ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.quote_id = quotes.id)',
        )
        .run(expiredBefore)
      return Number(result.changes)
    },
    async chargePreview(wallet, datasetId, now, budget) {
      const since = now - budget.windowMs
      const who = wallet.toLowerCase()
      // BEGIN IMMEDIATE takes the write lock first, so two requests cannot both see the last free place.
      db.exec('BEGIN IMMEDIATE')
      try {
        const spent = (column: 'wallet' | 'dataset_id', value: string | number) =>
          db
            .prepare(
              `SELECT COUNT(*) AS n, MIN(at) AS oldest FROM preview_charges WHERE ${column} = ? AND at > ?`,
            )
            .get(value, since) as { n: number; oldest: number | null }
        const byWallet = spent('wallet', who)
        if (byWallet.n >= budget.perWallet) {
          db.exec('ROLLBACK')
          return over('wallet', budget.perWallet, byWallet.oldest, budget.windowMs, now)
        }
        const byDataset = spent('dataset_id', datasetId)
        if (byDataset.n >= budget.perDataset) {
          db.exec('ROLLBACK')
          return over('dataset', budget.perDataset, byDataset.oldest, budget.windowMs, now)
        }
        const { lastInsertRowid } = db
          .prepare('INSERT INTO preview_charges (wallet, dataset_id, at) VALUES (?, ?, ?)')
          .run(who, datasetId, now)
        db.exec('COMMIT')
        return { ok: true, chargeId: Number(lastInsertRowid) }
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      }
    },
    async refundPreview(chargeId) {
      db.prepare('DELETE FROM preview_charges WHERE id = ?').run(chargeId)
    },
    async sweepPreviewCharges(before) {
      return Number(db.prepare('DELETE FROM preview_charges WHERE at <= ?').run(before).changes)
    },
  }
}

const ZERO32 = `0x${'00'.repeat(32)}`

function over(
  scope: 'wallet' | 'dataset',
  limit: number,
  oldest: number | null,
  windowMs: number,
  now: number,
): { ok: false; scope: 'wallet' | 'dataset'; limit: number; retryAfterMs: number } {
  // The budget frees a place when its oldest charge leaves the window.
  const retryAfterMs = Math.max(1000, (oldest ?? now) + windowMs - now)
  return { ok: false, scope, limit, retryAfterMs }
}

/** Rows written before parameters were hashed hold the gain threshold as a decimal; read both. */
export function readParams(json: string): TrainingParams {
  const p = JSON.parse(json) as TrainingParams & { gainThreshold?: number }
  if (p.gainThresholdPpm !== undefined) return p
  return {
    maxDepth: p.maxDepth,
    minLeafSize: p.minLeafSize,
    gainThresholdPpm: gainThresholdPpm(p.gainThreshold ?? 0),
  }
}

/** A stored journal format; anything else is a corrupt row (the contract knows only 1 and 2). */
export function readJournalFormat(value: number): JournalFormat {
  if (value === 1 || value === 2) return value
  throw new Error(`stored journal format ${value} is neither 1 nor 2`)
}

/** The quote's JSON list of formats; quotes stored before formats existed allow format 1 only. */
export function readJournalFormats(json: string | null): JournalFormat[] {
  if (json === null) return [1]
  const parsed = JSON.parse(json) as unknown
  if (!Array.isArray(parsed)) throw new Error(`stored journal formats ${json} are not a list`)
  return parsed.map((v) => readJournalFormat(Number(v)))
}
