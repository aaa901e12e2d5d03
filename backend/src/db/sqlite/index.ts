import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { migrate } from '../migrations.ts'
import type { Store } from '../types.ts'
import { authStore } from './auth.ts'
import { chainStore } from './chain.ts'
import { datasetStore } from './datasets.ts'
import { feedStore } from './feeds.ts'
import { jobStore } from './jobs.ts'
import { quoteStore } from './quotes.ts'

/**
 * Opens (creating if needed) the SQLite database file and migrates it.
 * WAL mode lets readers (routes) run while the worker writes; a busy timeout covers a second
 * process on the same file.
 *
 * @example
 * const store = openSqliteStore('/var/lib/veritree/veritree.sqlite')
 */
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new DatabaseSync(path)
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL',
  )
  migrate(db)
  return {
    ...authStore(db),
    ...datasetStore(db),
    ...quoteStore(db),
    ...jobStore(db),
    ...feedStore(db),
    ...chainStore(db),
    async close() {
      if (db.isOpen) db.close()
    },
  }
}
