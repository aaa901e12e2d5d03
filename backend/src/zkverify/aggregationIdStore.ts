import { DatabaseSync } from 'node:sqlite'

/**
 * Hands out aggregation ids. zkVerify's aggregation contract keys roots by (domain id, aggregation id),
 * so an id must never be handed out twice -- not even after a restart -- or a later root would collide
 * with an earlier one.
 */
export interface AggregationIdStore {
  /** The next never-used id for `domainId` (1, 2, ...), durably recorded before it is returned. */
  reserveAggregationId(domainId: bigint): Promise<bigint> | bigint
}

/** An {@link AggregationIdStore} backed by a SQLite file, plus `close()`. */
export type SqliteAggregationIdStore = AggregationIdStore & { close(): void }

/**
 * Opens (creating if needed) a SQLite aggregation-id store at `path` (`':memory:'` for a throwaway one).
 *
 * @example
 * const store = openSqliteAggregationIdStore(join(dataDir, 'zkverify-aggregations.sqlite'))
 * await store.reserveAggregationId(0n) // 1n, then 2n, ... also across restarts
 */
export function openSqliteAggregationIdStore(path: string): SqliteAggregationIdStore {
  const db = new DatabaseSync(path)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec(`CREATE TABLE IF NOT EXISTS zkverify_aggregation_ids (
    domain_id TEXT PRIMARY KEY,
    last_id   INTEGER NOT NULL CHECK (last_id > 0)
  ) STRICT`)
  // One statement both reserves and reads the id, so two callers can never get the same one.
  const reserve = db.prepare(`INSERT INTO zkverify_aggregation_ids (domain_id, last_id) VALUES (?, 1)
    ON CONFLICT (domain_id) DO UPDATE SET last_id = last_id + 1
    RETURNING last_id`)
  reserve.setReadBigInts(true)
  return {
    reserveAggregationId(domainId) {
      if (domainId < 0n) throw new Error(`domain id must be non-negative, got ${domainId}`)
      const row = reserve.get(domainId.toString()) as { last_id: bigint } | undefined
      if (!row) throw new Error('aggregation id store returned no row')
      return row.last_id
    },
    close() {
      db.close()
    },
  }
}
