import { randomBytes } from 'node:crypto'
import type { Preview } from '@veritree/core/api'
import { encodeTable, tableHash, thresholdMet } from '@veritree/core/canonical'
import { TrainingQuerySchema, trainingParamsFromQuery } from '@veritree/core/training'
import type { Request } from 'express'
import type { Logger } from 'pino'
import { type Address, type PublicClient, toHex } from 'viem'
import { z } from 'zod'
import { readMarket } from '../chain/market.ts'
import type { DatasetRecord, Store } from '../db/index.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { ApiError } from '../http/errors.ts'
import { runTraining, TrainingTimeoutError } from '../training/index.ts'
import type { DataKey } from '../vault/dataKey.ts'
import { unseal } from '../vault/seal.ts'

export const PreviewQuerySchema = TrainingQuerySchema.extend({
  thresholdBps: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000, 'thresholdBps is in basis points: 0 to 10000 (100%)'),
})

/** The preview answer (schema in `@veritree/core/api`). */
export type PreviewResult = Preview

/**
 * Trains on the vendor's private rows with the customer's parameters and scores the customer's test
 * set; stores the quote (parameters, test set, hashes) that a later JobOpened must match. Never
 * returns the model.
 */
export async function preview(
  deps: {
    store: Store
    dataKey: DataKey
    publicClient: PublicClient
    maxUploadBytes: number
    quoteTtlSeconds: number
    trainTimeoutMs: number
    logger: Logger
  },
  dataset: DatasetRecord,
  customer: Address,
  query: z.infer<typeof PreviewQuerySchema>,
  req: Request,
): Promise<PreviewResult> {
  const { table } = await readCsvBody(req, {
    maxBytes: deps.maxUploadBytes,
    labelColumn: dataset.labelColumn,
    schema: { features: dataset.features, classes: dataset.classes, labelColumn: dataset.labelColumn },
  })
  const params = trainingParamsFromQuery(query)
  if (params.minLeafSize * 2 > dataset.rows) {
    throw new ApiError(
      400,
      'invalid_input',
      `minLeafSize ${params.minLeafSize} is too large for a dataset of ${dataset.rows} rows (at most ${Math.floor(dataset.rows / 2)})`,
    )
  }
  const testSet = encodeTable(table)
  const blob = await deps.store.getSealedBlob(dataset.id)
  if (!blob) throw new Error(`dataset ${dataset.id} has no stored rows`)
  const result = await runTraining(
    {
      datasetBytes: unseal(deps.dataKey, dataset.id, blob),
      classes: dataset.classes.length,
      params,
      testSetBytes: testSet,
    },
    { timeoutMs: deps.trainTimeoutMs },
  ).catch((error: unknown) => {
    if (error instanceof TrainingTimeoutError) {
      throw new ApiError(
        503,
        'training_timeout',
        `training on ${dataset.rows} rows took longer than the ${Math.round(deps.trainTimeoutMs / 1000)} s preview budget; try a smaller maxDepth`,
      )
    }
    throw error
  })
  let price: bigint | null = null
  if (dataset.link) price = (await readMarket(deps.publicClient, dataset.link.market)).price
  const now = Date.now()
  const quote = {
    id: toHex(randomBytes(32)),
    datasetId: dataset.id,
    customer,
    params,
    testSet,
    testSetHash: tableHash(testSet),
    thresholdBps: query.thresholdBps,
    correct: result.correct,
    total: result.total,
    modelHash: result.modelHash,
    priceWei: price?.toString() ?? null,
    createdAt: now,
    expiresAt: now + deps.quoteTtlSeconds * 1000,
  }
  await deps.store.putQuote(quote)
  deps.logger.info(
    { quoteId: quote.id, datasetId: dataset.id, correct: result.correct, total: result.total },
    'preview quoted',
  )
  return {
    quoteId: quote.id,
    accuracy: result.total === 0 ? 0 : result.correct / result.total,
    correct: result.correct,
    total: result.total,
    met: thresholdMet(result.correct, result.total, query.thresholdBps),
    thresholdBps: query.thresholdBps,
    price: quote.priceWei,
    testSetHash: quote.testSetHash,
    modelHash: result.modelHash,
    params,
    expiresAt: new Date(quote.expiresAt).toISOString(),
    market: dataset.link?.market ?? null,
  }
}
