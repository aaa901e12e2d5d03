/**
 * The data layer. Everything outside `db/` goes through {@link Store}; only this module knows the
 * backing engine (SQLite today).
 */
import { join } from 'node:path'
import { openSqliteStore } from './sqlite/index.ts'
import type { Store } from './types.ts'

export * from './types.ts'

/** Opens the service database in `dataDir` (file `veritree.sqlite`). */
export function openStore(dataDir: string): Store {
  return openSqliteStore(join(dataDir, 'veritree.sqlite'))
}
export { openSqliteStore }
