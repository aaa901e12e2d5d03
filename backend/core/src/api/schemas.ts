/**
 * Every JSON answer of the HTTP API, defined once. The backend's routes write these shapes (a test
 * validates each response against its schema), the frontend imports the types, and the OpenAPI
 * document's components are generated from the same schemas.
 */
import { z } from 'zod'
import { JOB_ERROR_CODES, JOB_STATES } from './jobStates.ts'
import { address, bytes32, count, decimalString, hexData, int, isoDate } from './primitives.ts'

/** `{ error: { code, message } }`, the shape of every error answer (details stay in the server's logs). */
export const ApiErrorBodySchema = z.object({
  error: z.strictObject({ code: z.string(), message: z.string() }),
})

/** `GET /health`: how to reach the chain and which attestation systems are in use. */
export const HealthSchema = z.object({
  ok: z.boolean(),
  chainId: int,
  factory: address.nullable(),
  /** A JSON-RPC URL browsers may read the chain through (optional: else the wallet is used). */
  rpcUrl: z
    .string()
    .optional()
    .meta({ description: 'public JSON-RPC for certificate checks, when configured' }),
  prover: z.object({ imageId: bytes32.nullable() }),
  zkVerify: z.enum(['local', 'zkverify']),
  hcs: z.enum(['local', 'testnet', 'mainnet', 'previewnet']),
})

/** A bonding curve as the market reports it. linear: `base + step·n`; exponential: `base · (step/1e18)^n`. */
export const CurveSchema = z.object({
  kind: z.enum(['linear', 'exponential']),
  basePrice: decimalString,
  step: decimalString,
})

export const DatasetSchemaSchema = z.object({
  features: z.array(z.string()),
  classes: z.array(z.string()),
  labelColumn: z.string(),
})

/** One dataset as listed on the marketplace (schema and on-chain state, never rows). */
export const DatasetViewSchema = z.object({
  id: int.min(1),
  name: z.string(),
  description: z.string(),
  vendor: address,
  rows: count,
  /** Number of feature columns. */
  features: count,
  /** Number of classes. */
  classes: count,
  schema: DatasetSchemaSchema,
  commitment: bytes32.meta({ description: 'sha256 of the canonical dataset bytes' }),
  /** The market contract once the vendor's createDataset transaction was seen, else null. */
  market: address.nullable(),
  chainDatasetId: decimalString.nullable(),
  /** Price of the next sale in wei; null when unlinked or past the curve's bound. */
  price: decimalString.nullable(),
  /** Verified sales so far (null when unlinked). */
  sales: count.nullable(),
  curve: CurveSchema.nullable(),
  acceptingJobs: z.boolean().nullable(),
  createdAt: isoDate,
})

/** A finished sale shown on the dataset page. */
export const SaleSummarySchema = z.object({
  jobId: bytes32,
  correct: count.nullable(),
  total: count.nullable(),
  thresholdBps: count,
  met: z.boolean().nullable(),
  /** 'Settled' (paid) or 'Refunded'. */
  settlement: z.string().nullable(),
  priceWei: decimalString,
  at: isoDate,
})

/** `GET /datasets`. */
export const DatasetListSchema = z.object({ datasets: z.array(DatasetViewSchema) })
/** `POST /datasets` (201). */
export const DatasetCreatedSchema = z.object({ dataset: DatasetViewSchema })
/** `GET /datasets/:id`. */
export const DatasetDetailSchema = z.object({
  dataset: DatasetViewSchema,
  recentSales: z.array(SaleSummarySchema),
})

/** `GET /datasets/:id/curve`: price by sale number; null past the curve's bound. */
export const CurvePointSchema = z.object({ sales: count, price: decimalString.nullable() })
export const CurveResponseSchema = z.object({ market: address, points: z.array(CurvePointSchema) })

/** A dataset of the signed-in vendor, with what it has earned. */
export const VendorDatasetSchema = DatasetViewSchema.extend({
  /** Wei the vendor can withdraw from this market now (null when unlinked or unreadable). */
  earnings: z.object({ withdrawable: decimalString.nullable() }),
})
/** `GET /vendor/datasets`. */
export const VendorDatasetListSchema = z.object({ datasets: z.array(VendorDatasetSchema) })

/**
 * A journal format the market accepts (`DatasetMarket.JobTerms.journalFormat`): 1 proves the model's
 * accuracy on the test set; 2 also proves the model was trained, inside the proof, on the market's
 * committed dataset with the job's parameters.
 */
export const JournalFormatSchema = z.union([z.literal(1), z.literal(2)])

/**
 * What a preview says about proving this job in one journal format: whether the receipt fits
 * zkVerify's limits for this dataset, test set and depth (from public facts only: sizes and
 * parameters, never the model), and about how long proving takes on this backend's machine.
 */
export const FormatEstimateSchema = z.object({
  journalFormat: JournalFormatSchema,
  fits: z.boolean(),
  /** Upper bound on the guest's user cycles. */
  estimatedCycles: count,
  /** The most user cycles a receipt within zkVerify's limits holds. */
  maxCycles: count,
  /** Estimated proving time in seconds on this backend's prover (measured rate; see provingEstimate.ts). */
  estimatedProvingSeconds: count,
  /** Why it does not fit, and what would (absent when it fits). */
  reason: z.string().optional(),
})

/**
 * The terms `DatasetMarket.openJob(JobTerms, maxPrice)` takes, exactly as the quote fixed them, but for
 * `journalFormat`: the customer picks it when paying, among the preview's `formats` that fit (the quote
 * stores which those are, and the pipeline refunds a job opened with another one).
 */
export const JobTermsSchema = z.object({
  testSetHash: bytes32,
  paramsHash: bytes32.meta({ description: 'trainingParamsHash of the quoted training parameters' }),
  modelCommitment: bytes32.meta({
    description: 'keccak256(modelHash ‖ modelSalt); the salt stays secret until settle',
  }),
  quoteId: bytes32,
  /** Unix seconds; openJob reverts after it (checked against block time). */
  quoteExpiresAt: int.min(0),
  thresholdBps: count,
})

/**
 * `POST /datasets/:id/preview`: a coarse accuracy and the price before paying. Never the model hash
 * nor `correct/total` (see backend/README.md, "What a preview reveals").
 */
export const PreviewSchema = z.object({
  quoteId: bytes32,
  /** The 5-point accuracy bucket `[lowBps, highBps)` (the top bucket includes 10000). */
  accuracy: z.object({ lowBps: count, highBps: count }),
  /** Whether the bucket reaches thresholdBps (thresholds are bucket edges, so this is exact). */
  met: z.boolean(),
  thresholdBps: count,
  /** Rows in the customer's test set. */
  rows: count,
  price: decimalString.nullable(),
  testSetHash: bytes32,
  params: z.object({ maxDepth: count, minLeafSize: count, gainThresholdPpm: count }),
  /** What to pass to openJob. */
  terms: JobTermsSchema,
  /** Per journal format (1 then 2): whether its receipt fits zkVerify's limits, and the proving time. */
  formats: z.array(FormatEstimateSchema),
  expiresAt: isoDate,
  market: address.nullable(),
})

export const JobStateSchema = z.enum(JOB_STATES)

/** A job's last error as published: a stable code and a plain message (details stay in the logs). */
export const JobErrorSchema = z.object({ code: z.enum(JOB_ERROR_CODES), message: z.string() })

export const JobProgressSchema = z.object({
  phase: z.string(),
  message: z.string().optional(),
  fraction: z.number().optional(),
  at: int,
})

/** The zkVerify aggregation a job's statement landed in; big integers as decimal text. */
export const JobAggregationSchema = z.object({
  statement: bytes32,
  domainId: decimalString,
  aggregationId: decimalString,
  merklePath: z.array(bytes32),
  leafCount: decimalString,
  index: decimalString,
  root: bytes32,
  aggregationContract: address,
  publishTxHash: bytes32.optional(),
  zkVerifyTxHash: z.string().optional(),
  zkVerifyBlockHash: z.string().optional(),
})

/** The HCS message that timestamps a sale. */
export const JobTimestampSchema = z.object({
  network: z.enum(['local', 'testnet', 'mainnet', 'previewnet']),
  topicId: z.string(),
  transactionId: z.string(),
  sequenceNumber: decimalString,
  consensusTimestamp: z.string(),
  runningHash: hexData,
  runningHashVersion: z.literal(3),
  mirrorUrl: z.string(),
})

/** What training, proving and attesting produced so far (appears once the test set is scored). */
export const JobResultSchema = z.object({
  correct: count,
  total: count,
  accuracy: z.number().min(0).max(1),
  met: z.boolean().nullable(),
  modelHash: bytes32.nullable(),
  imageId: bytes32.nullable(),
  journal: hexData.nullable(),
  prove: z
    .object({
      cycles: count.nullable(),
      segments: count.nullable(),
      provingMs: z.number().min(0).nullable(),
      receiptBytes: count.nullable(),
    })
    .nullable(),
  aggregation: JobAggregationSchema.nullable(),
  settleTx: bytes32.nullable(),
  /** On-chain outcome: 'Settled' (paid) or 'Refunded'. */
  settlement: z.string().nullable(),
  /** True when the journal settled on-chain is the one this backend proved. */
  ownJournal: z.boolean().nullable(),
  timestamp: JobTimestampSchema.nullable(),
})

/** `GET /jobs/:jobId`. */
export const JobViewSchema = z.object({
  jobId: bytes32,
  chainId: int,
  market: address,
  state: JobStateSchema,
  progress: JobProgressSchema.nullable(),
  error: JobErrorSchema.nullable(),
  attempts: count,
  datasetId: int,
  quoteId: bytes32,
  customer: address,
  testSetHash: bytes32,
  thresholdBps: count,
  priceWei: decimalString,
  /** Unix seconds from which the customer may reclaim an unsettled escrow. */
  deadline: int,
  openedTx: bytes32,
  createdAt: isoDate,
  updatedAt: isoDate,
  /** The terms bound at openJob (absent on jobs recorded before the market bound them). */
  terms: z
    .object({
      paramsHash: bytes32,
      modelCommitment: bytes32,
      quoteExpiresAt: int,
      verifierId: int,
      journalFormat: JournalFormatSchema,
    })
    .optional(),
  /** Present once training scored the test set. */
  result: JobResultSchema.optional(),
  /** Present when the backend refunded the customer because the job cannot be proven. */
  refund: z
    .object({ reason: int, reasonName: z.string(), tx: bytes32.nullable(), status: z.string().nullable() })
    .optional(),
})
/** `GET /jobs?mine=1`. */
export const JobListSchema = z.object({ jobs: z.array(JobViewSchema) })

/** Server-sent `state` events on `GET /jobs/:jobId/events` (the `progress` event is a JobProgress). */
export const JobStateEventSchema = z.object({ state: JobStateSchema, error: JobErrorSchema.nullable() })

/** `GET /jobs/:jobId/model` as JSON. */
export const ModelDownloadSchema = z.object({
  jobId: bytes32,
  modelHash: bytes32.nullable(),
  bytes: hexData,
  features: z.array(z.string()).nullable(),
  classes: z.array(z.string()).nullable(),
  /** The decoded tree; split thresholds are fixed-point integers as decimal text. */
  model: z.record(z.string(), z.unknown()),
})

/** `GET /auth/nonce`. */
export const NonceSchema = z.object({ nonce: z.string().min(1) })
/** `POST /auth/verify` and `GET /auth/me`. */
export const MeSchema = z.object({ address: address.nullable() })

export type ApiErrorBody = z.output<typeof ApiErrorBodySchema>
export type Health = z.output<typeof HealthSchema>
export type Curve = z.output<typeof CurveSchema>
export type DatasetSchema = z.output<typeof DatasetSchemaSchema>
export type Dataset = z.output<typeof DatasetViewSchema>
export type SaleSummary = z.output<typeof SaleSummarySchema>
export type DatasetDetail = z.output<typeof DatasetDetailSchema>
export type CurvePoint = z.output<typeof CurvePointSchema>
export type VendorDataset = z.output<typeof VendorDatasetSchema>
export type Preview = z.output<typeof PreviewSchema>
export type JournalFormat = z.output<typeof JournalFormatSchema>
export type FormatEstimate = z.output<typeof FormatEstimateSchema>
export type JobTermsView = z.output<typeof JobTermsSchema>
export type JobProgress = z.output<typeof JobProgressSchema>
export type JobAggregation = z.output<typeof JobAggregationSchema>
export type JobResult = z.output<typeof JobResultSchema>
export type Job = z.output<typeof JobViewSchema>
export type JobStateEvent = z.output<typeof JobStateEventSchema>
export type ModelDownload = z.output<typeof ModelDownloadSchema>
export type Me = z.output<typeof MeSchema>
