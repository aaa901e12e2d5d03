import type { Address, Hex } from 'viem'

// Shapes of the API's JSON answers, as the backend routes write them. Big numbers (wei, block numbers)
// arrive as decimal strings.

/** `GET /api/health`: how to reach the chain and which attestation systems are in use. */
export type Health = {
  ok: boolean
  chainId: number
  factory: Address | null
  /** A JSON-RPC URL browsers may read the chain through (optional: else the wallet is used). */
  rpcUrl?: string
  prover: { imageId: Hex | null }
  zkVerify: 'local' | 'zkverify'
  hcs: 'local' | 'testnet' | 'mainnet'
}

/** A bonding curve as the market reports it. */
export type Curve = {
  /** linear: `base + step·n`; exponential: `base · (step/1e18)^n`. */
  kind: 'linear' | 'exponential'
  basePrice: string
  step: string
}

export type DatasetSchema = { features: string[]; classes: string[]; labelColumn: string }

/** One dataset as listed on the marketplace (schema and on-chain state, never rows). */
export type Dataset = {
  id: number
  name: string
  description: string
  vendor: Address
  rows: number
  /** Number of feature columns. */
  features: number
  /** Number of classes. */
  classes: number
  schema: DatasetSchema
  commitment: Hex
  /** The market contract once the vendor's createDataset transaction was seen, else null. */
  market: Address | null
  chainDatasetId: string | null
  /** Price of the next sale in wei; null when unlinked or past the curve's bound. */
  price: string | null
  /** Verified sales so far (null when unlinked). */
  sales: number | null
  curve: Curve | null
  acceptingJobs: boolean | null
  /** ISO 8601. */
  createdAt: string
}

/** A finished sale shown on the dataset page. */
export type SaleSummary = {
  jobId: Hex
  correct: number | null
  total: number | null
  thresholdBps: number
  met: boolean | null
  /** 'Settled' (paid) or 'Refunded'. */
  settlement: string | null
  priceWei: string
  /** ISO 8601. */
  at: string
}

/** `GET /datasets/:id`. */
export type DatasetDetail = { dataset: Dataset; recentSales: SaleSummary[] }

/** `GET /datasets/:id/curve`: price by sale number; null past the curve's bound. */
export type CurvePoint = { sales: number; price: string | null }

export type VendorDataset = Dataset & {
  /** Wei the vendor can withdraw from this market now (null when unlinked or unreadable). */
  earnings: { withdrawable: string | null }
}

/** `POST /datasets/:id/preview`: the accuracy the customer would get, before paying. */
export type Preview = {
  quoteId: Hex
  accuracy: number
  correct: number
  total: number
  met: boolean
  thresholdBps: number
  price: string | null
  testSetHash: Hex
  modelHash: Hex
  params: { maxDepth: number; minLeafSize: number; gainThresholdPpm: number }
  /** ISO 8601. */
  expiresAt: string
  market: Address | null
}

export type JobState =
  | 'opened'
  | 'training'
  | 'proving'
  | 'verifying'
  | 'settling'
  | 'attesting'
  | 'done'
  | 'failed'

export type JobProgress = { phase: string; message?: string; fraction?: number; at: number }

/** What training, proving and attesting produced so far (appears once the test set is scored). */
export type JobResult = {
  correct: number
  total: number
  accuracy: number
  met: boolean | null
  modelHash: Hex | null
  imageId: Hex | null
  journal: Hex | null
  prove: {
    cycles: number | null
    segments: number | null
    provingMs: number | null
    receiptBytes: number | null
  } | null
  aggregation: { statement: Hex; aggregationId: string; root: Hex; aggregationContract: Address } | null
  settleTx: Hex | null
  /** On-chain outcome: 'Settled' (paid) or 'Refunded'. */
  settlement: string | null
  timestamp: { topicId: string; sequenceNumber: string; consensusTimestamp: string; network: string } | null
}

/** `GET /jobs/:jobId`. */
export type Job = {
  jobId: Hex
  chainId: number
  market: Address
  state: JobState
  progress: JobProgress | null
  error: string | null
  attempts: number
  datasetId: number
  quoteId: Hex
  customer: Address
  testSetHash: Hex
  thresholdBps: number
  priceWei: string
  /** Unix seconds from which the customer may reclaim an unsettled escrow. */
  deadline: number
  openedTx: Hex
  createdAt: string
  updatedAt: string
  result?: JobResult
}

/** Server-sent events on `GET /jobs/:jobId/events`. */
export type JobStateEvent = { state: JobState; error: string | null }
/** The `progress` event's data is the progress itself. */
export type JobProgressEvent = JobProgress

export type Me = { address: Address | null }
