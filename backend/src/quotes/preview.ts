import { randomBytes } from 'node:crypto'
import { modelCommitment } from '@veritree/contracts/job-terms'
import {
  accuracyBucket,
  isPreviewThreshold,
  MAX_PREVIEW_THRESHOLD_BPS,
  MIN_PREVIEW_THRESHOLD_BPS,
  PREVIEW_MIN_TEST_ROWS,
  type Preview,
  THRESHOLD_STEP_BPS,
} from '@veritree/core/api'
import { encodeTable, type Table, tableHash } from '@veritree/core/canonical'
import { TrainingQuerySchema, trainingParamsFromQuery, trainingParamsHash } from '@veritree/core/training'
import type { Logger } from 'pino'
import { type Address, type PublicClient, toHex } from 'viem'
import { z } from 'zod'
import { readMarket } from '../chain/market.ts'
import type { DatasetRecord, PreviewBudget, QuoteRecord, Store } from '../db/index.ts'
import { ProverFailedError, ProverNotBuiltError } from '../prover/errors.ts'
import { type TrainingQueue, TrainingQueueFullError, trainAndScore } from '../training/index.ts'
import type { DataKey } from '../vault/dataKey.ts'
import { PreviewError } from './errors.ts'
import { formatEstimates, provingEstimate } from './provingEstimate.ts'

export const PreviewQuerySchema = TrainingQuerySchema.extend({
  thresholdBps: z.coerce
    .number()
    .int()
    .refine(
      isPreviewThreshold,
      `thresholdBps must be a multiple of ${THRESHOLD_STEP_BPS} from ${MIN_PREVIEW_THRESHOLD_BPS} to ${MAX_PREVIEW_THRESHOLD_BPS} (5 % steps up to 95 %)`,
    ),
})
export type PreviewQuery = z.infer<typeof PreviewQuerySchema>

/** 20 previews per wallet and 200 per dataset in any 24 hours (see backend/README.md for why). */
export const DEFAULT_PREVIEW_BUDGET: PreviewBudget = {
  perWallet: 20,
  perDataset: 200,
  windowMs: 24 * 60 * 60 * 1000,
}

export type PreviewDeps = {
  store: Store
  dataKey: DataKey
  publicClient: PublicClient
  quoteTtlSeconds: number
  trainTimeoutMs: number
  previewBudget: PreviewBudget
  trainingQueue?: TrainingQueue
  /** Environment for the Rust trainer CLI on top of process.env's (e.g. VERITREE_PROVER_BIN). */
  proverEnv?: NodeJS.ProcessEnv
  logger: Logger
}

/** What the customer asks: the parsed test set, their parameters, and who they are. */
export type PreviewRequest = {
  dataset: DatasetRecord
  customer: Address
  query: PreviewQuery
  testSet: Table
  /** Aborted when the client goes away: a waiting preview leaves the queue, a running one stops. */
  signal?: AbortSignal
  now?: number
}

/**
 * Scores the customer's test set against a model trained on the vendor's rows and stores the quote a
 * later openJob must match. Reveals only a 5-point accuracy bucket: never `correct/total`, never the
 * model or its hash (the customer gets a salted commitment to it). Refuses, before any training:
 * test sets under {@link PREVIEW_MIN_TEST_ROWS} rows, test sets too large to prove within zkVerify's
 * limits, and wallets or datasets past their daily budget.
 *
 * @throws {PreviewError} (`trainer_unavailable` when the Rust trainer is missing or fails) |
 *   {TrainingQueueFullError} | {TrainingTimeoutError}
 */
export async function preview(deps: PreviewDeps, request: PreviewRequest): Promise<Preview> {
  const { dataset, customer, query, testSet: table } = request
  const params = trainingParamsFromQuery(query)
  if (params.minLeafSize * 2 > dataset.rows) {
    throw new PreviewError(
      'invalid_params',
      `minLeafSize ${params.minLeafSize} is too large for a dataset of ${dataset.rows} rows (at most ${Math.floor(dataset.rows / 2)})`,
    )
  }
  if (table.rows < PREVIEW_MIN_TEST_ROWS) {
    throw new PreviewError(
      'test_set_too_small',
      `the test set has ${table.rows} rows; a preview needs at least ${PREVIEW_MIN_TEST_ROWS} (fewer rows would let a preview reveal single predictions)`,
    )
  }
  const proving = provingEstimate({
    testRows: table.rows,
    features: table.features,
    params,
    datasetRows: dataset.rows,
  })
  // Format 1 is the cheaper one: when it does not fit, nothing does.
  const formats = formatEstimates({
    testRows: table.rows,
    features: table.features,
    params,
    datasetRows: dataset.rows,
    classes: dataset.classes.length,
  })
  if (!proving.fits) {
    const hint =
      proving.maxRows >= PREVIEW_MIN_TEST_ROWS
        ? `the largest test set that fits is ${proving.maxRows} rows`
        : `no test set of ${PREVIEW_MIN_TEST_ROWS} rows or more fits at maxDepth ${params.maxDepth}; lower maxDepth`
    throw new PreviewError(
      'test_set_too_large',
      `a proof for ${table.rows} rows at maxDepth ${params.maxDepth} would need about ${proving.estimatedCycles} cycles, over zkVerify's limit of ${proving.maxCycles}: ${hint}`,
      { details: { maxRows: proving.maxRows } },
    )
  }

  const now = request.now ?? Date.now()
  const charge = await deps.store.chargePreview(customer, dataset.id, now, deps.previewBudget)
  if (!charge.ok) {
    const hours = Math.round(deps.previewBudget.windowMs / 3_600_000)
    throw new PreviewError(
      'preview_budget_exhausted',
      charge.scope === 'wallet'
        ? `this wallet used its ${charge.limit} previews for the last ${hours} h`
        : `dataset ${dataset.id} had its ${charge.limit} previews for the last ${hours} h`,
      { retryAfterSeconds: Math.ceil(charge.retryAfterMs / 1000) },
    )
  }

  const testSet = encodeTable(table)
  let result: Awaited<ReturnType<typeof trainAndScore>>
  try {
    result = await trainAndScore(
      {
        store: deps.store,
        dataKey: deps.dataKey,
        ...(deps.trainingQueue ? { queue: deps.trainingQueue } : {}),
        ...(deps.proverEnv ? { proverEnv: deps.proverEnv } : {}),
      },
      {
        dataset,
        params,
        testSet,
        priority: 'preview',
        timeoutMs: deps.trainTimeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      },
    )
  } catch (error) {
    const trainerDown = error instanceof ProverNotBuiltError || error instanceof ProverFailedError
    // Nothing was learned from a preview that never ran, was stopped or failed: give the charge back.
    if (error instanceof TrainingQueueFullError || request.signal?.aborted || trainerDown)
      await deps.store.refundPreview(charge.chargeId)
    if (trainerDown && !request.signal?.aborted) {
      // The binary's path and the trainer's stderr are for the operator, not the customer.
      deps.logger.error({ err: error, datasetId: dataset.id }, 'preview training failed in the Rust trainer')
      throw new PreviewError(
        'trainer_unavailable',
        error instanceof ProverNotBuiltError
          ? 'the trainer is not installed on this server; try again later'
          : 'the trainer failed on this dataset; try again later (the operator has the details)',
      )
    }
    throw error
  }
  request.signal?.throwIfAborted()

  let price: bigint | null = null
  if (dataset.link) price = (await readMarket(deps.publicClient, dataset.link.market)).price
  const modelSalt = toHex(randomBytes(32))
  const quoteExpiresAt = Math.floor(now / 1000) + deps.quoteTtlSeconds
  const quote: QuoteRecord = {
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
    modelSalt,
    modelCommitment: modelCommitment(result.modelHash, modelSalt),
    paramsHash: trainingParamsHash(params),
    journalFormats: formats.filter((f) => f.fits).map((f) => f.journalFormat),
    priceWei: price?.toString() ?? null,
    createdAt: now,
    expiresAt: quoteExpiresAt * 1000,
    quoteExpiresAt,
  }
  await deps.store.putQuote(quote)
  deps.logger.info(
    { quoteId: quote.id, datasetId: dataset.id, correct: result.correct, total: result.total },
    'preview quoted',
  )
  const accuracy = accuracyBucket(result.correct, result.total)
  return {
    quoteId: quote.id,
    accuracy,
    // Thresholds are bucket edges, so the bucket alone decides this (it adds no information).
    met: accuracy.lowBps >= query.thresholdBps,
    thresholdBps: query.thresholdBps,
    rows: result.total,
    price: quote.priceWei,
    testSetHash: quote.testSetHash,
    params,
    terms: {
      testSetHash: quote.testSetHash,
      paramsHash: quote.paramsHash,
      modelCommitment: quote.modelCommitment,
      quoteId: quote.id,
      quoteExpiresAt,
      thresholdBps: query.thresholdBps,
    },
    formats,
    expiresAt: new Date(quote.expiresAt).toISOString(),
    market: dataset.link?.market ?? null,
  }
}
