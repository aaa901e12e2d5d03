import type { DatabaseSync } from 'node:sqlite'
import { gainThresholdPpm, type TrainingParams } from '@veritree/core/training'
import type { Address, Hex } from 'viem'
import type { Store } from '../types.ts'
import { bytes, num, type Row, str, strOrNull } from './rows.ts'

export function quoteStore(db: DatabaseSync): Pick<Store, 'putQuote' | 'getQuote'> {
  return {
    async putQuote(q) {
      db.prepare(
        `INSERT INTO quotes (id, dataset_id, customer, params_json, test_set, test_set_hash, threshold_bps, correct, total, model_hash, price_wei, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      )
    },
    async getQuote(id) {
      const row = db.prepare('SELECT * FROM quotes WHERE id = ?').get(id.toLowerCase()) as Row | undefined
      if (!row) return null
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
        priceWei: strOrNull(row, 'price_wei'),
        createdAt: num(row, 'created_at'),
        expiresAt: num(row, 'expires_at'),
      }
    },
  }
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
