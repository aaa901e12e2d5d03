import { encodeTable, tableHash } from '@veritree/core/canonical'
import type { Request } from 'express'
import type { Address } from 'viem'
import { z } from 'zod'
import { type DatasetRecord, DuplicateDatasetError, type Store } from '../db/index.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { ApiError } from '../http/errors.ts'
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
 * Streams a vendor's CSV into canonical bytes, commits to them (sha256) and stores them sealed with
 * AES-256-GCM, all or nothing: any validation error leaves the store untouched.
 */
export async function uploadDataset(
  deps: { store: Store; dataKey: DataKey; maxUploadBytes: number },
  vendor: Address,
  query: UploadQuery,
  req: Request,
): Promise<DatasetRecord> {
  const { table, schema } = await readCsvBody(req, {
    maxBytes: deps.maxUploadBytes,
    labelColumn: query.labelColumn,
  })
  const bytes = encodeTable(table)
  const commitment = tableHash(bytes)
  try {
    return await deps.store.createDataset(
      {
        vendor,
        name: query.name,
        description: query.description,
        labelColumn: schema.labelColumn,
        features: schema.features,
        classes: schema.classes,
        rows: table.rows,
        commitment,
        byteLength: bytes.length,
        createdAt: Date.now(),
      },
      (id) => seal(deps.dataKey, id, bytes),
    )
  } catch (error) {
    if (error instanceof DuplicateDatasetError) {
      throw new ApiError(
        409,
        'duplicate_dataset',
        `you already uploaded this exact dataset as dataset ${error.existingId}`,
        { datasetId: error.existingId },
      )
    }
    throw error
  }
}
