import { encodeTable, type Table, tableHash } from '@veritree/core/canonical'
import type { TableSchema } from '@veritree/core/csv'
import type { Address } from 'viem'
import { z } from 'zod'
import type { DatasetRecord, Store } from '../db/index.ts'
import type { DataKey } from '../vault/dataKey.ts'
import { seal } from '../vault/seal.ts'

export const UploadQuerySchema = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  labelColumn: z
    .string()
    .trim()
    .min(1, "labelColumn is required (the column holding each row's class)")
    .max(200),
  description: z.string().trim().max(2000).default(''),
})
export type UploadQuery = z.infer<typeof UploadQuerySchema>

/**
 * Commits to a vendor's parsed table (sha256 of its canonical bytes) and stores it sealed with
 * AES-256-GCM, all or nothing. The route reads and parses the body; this knows nothing of HTTP.
 *
 * @throws {DuplicateDatasetError} this vendor already uploaded these exact rows
 */
export async function uploadDataset(
  deps: { store: Store; dataKey: DataKey },
  vendor: Address,
  query: UploadQuery,
  parsed: { table: Table; schema: TableSchema },
): Promise<DatasetRecord> {
  const { table, schema } = parsed
  const bytes = encodeTable(table)
  return deps.store.createDataset(
    {
      vendor,
      name: query.name,
      description: query.description,
      labelColumn: schema.labelColumn,
      features: schema.features,
      classes: schema.classes,
      rows: table.rows,
      commitment: tableHash(bytes),
      byteLength: bytes.length,
      createdAt: Date.now(),
    },
    (id) => seal(deps.dataKey, id, bytes),
  )
}
