import type { Address, Hex } from 'viem'

// Shapes of the API's JSON answers, as the backend routes write them. Big numbers (wei, block numbers)
// arrive as decimal strings.

/** `GET /api/health`: how to reach the chain and which attestation systems are in use. */
export type Health = {
  ok: boolean
  chainId: number
  factory: Address | null
  rpcUrl?: string
  prover: { imageId: Hex | null }
  zkVerify: { mode: string; aggregation?: Address | null; domainId?: string | null }
  hcs: { network: string; topicId?: string | null; mirrorUrl?: string | null }
}

/** A bonding curve as the factory takes it: `(kind, basePrice, step)`. */
export type Curve = {
  /** 0 = linear (`base + step·n`), 1 = exponential (`base · (step/1e18)^n`). */
  kind: 0 | 1
  basePrice: string
  step: string
}

export type DatasetSchema = { features: string[]; classes: string[]; labelColumn: string }

/** One dataset as listed on the marketplace. */
export type Dataset = {
  id: number
  name: string
  description: string
  vendor: Address
  rows: number
  schema: DatasetSchema
  commitment: Hex
  createdAt: number
  /** The market contract once the vendor's createDataset transaction was seen, else null. */
  market: Address | null
  /** Price of the next sale in wei, when the market exists. */
  price: string | null
  sales: number
  curve: Curve | null
}

/** A settled sale shown on the dataset page. */
export type SaleSummary = {
  jobId: Hex
  customer: Address
  priceWei: string
  correct: number | null
  total: number | null
  thresholdBps: number
  met: boolean | null
  settledAt: number
  state: JobState
}

export type DatasetDetail = Dataset & { recentSales: SaleSummary[] }

/** `GET /datasets/:id/curve`: price by sale number. */
export type CurvePoint = { sales: number; price: string }

export type VendorDataset = Dataset & {
  /** Wei the vendor can withdraw from this market now. */
  earnings: string | null
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
  expiresAt: number
  market: Address | null
}

export type JobState = 'opened' | 'training' | 'proving' | 'verifying' | 'settling' | 'attesting' | 'done' | 'failed'

export type JobProgress = { phase: string; message?: string; fraction?: number; at: number }

export type Job = {
  jobId: Hex
  datasetId: number
  market: Address
  customer: Address
  state: JobState
  progress: JobProgress | null
  error: string | null
  testSetHash: Hex
  thresholdBps: number
  priceWei: string
  correct: number | null
  total: number | null
  met: boolean | null
  settlement: string | null
  createdAt: number
  updatedAt: number
}

export type Me = { address: Address | null }
