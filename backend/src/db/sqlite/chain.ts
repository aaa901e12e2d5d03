import type { DatabaseSync } from 'node:sqlite'
import type { Address, Hex } from 'viem'
import type { Store } from '../types.ts'
import { num, type Row, str } from './rows.ts'

export function chainStore(
  db: DatabaseSync,
): Pick<Store, 'recordIgnoredEvent' | 'listIgnoredEvents' | 'getCursor' | 'setCursor'> {
  return {
    async recordIgnoredEvent(e, now) {
      db.prepare(
        'INSERT OR IGNORE INTO ignored_events (chain_id, address, event, tx_hash, log_index, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(e.chainId, e.address.toLowerCase(), e.event, e.txHash, e.logIndex, e.reason, now)
    },
    async listIgnoredEvents() {
      return (db.prepare('SELECT * FROM ignored_events ORDER BY id').all() as Row[]).map((row) => ({
        chainId: num(row, 'chain_id'),
        address: str(row, 'address') as Address,
        event: str(row, 'event'),
        txHash: str(row, 'tx_hash') as Hex,
        logIndex: num(row, 'log_index'),
        reason: str(row, 'reason'),
        at: num(row, 'at'),
      }))
    },
    async getCursor(name) {
      const row = db.prepare('SELECT next_block FROM chain_cursors WHERE name = ?').get(name) as
        | Row
        | undefined
      return row ? BigInt(str(row, 'next_block')) : null
    },
    async setCursor(name, nextBlock) {
      db.prepare(
        'INSERT INTO chain_cursors (name, next_block) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET next_block = excluded.next_block',
      ).run(name, nextBlock.toString())
    },
  }
}
