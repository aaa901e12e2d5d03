import type { FeedRequestState, JobError, JobProgress, JobState, JournalFormat } from '@veritree/core/api'
import { VeritreeError } from '@veritree/core/errors'
import type { TrainingParams } from '@veritree/core/training'
import type { Address, Hex } from 'viem'
import type {
  AggregationProof,
  TimestampReceipt,
  TimestampSubmission,
  VerifySubmission,
} from '../attest/types.ts'

/** A vendor's dataset as stored (never its rows: those live encrypted in {@link SealedBlob}). */
export type DatasetRecord = {
  id: number
  vendor: Address
  name: string
  description: string
  labelColumn: string
  features: string[]
  classes: string[]
  rows: number
  /** sha256 of the canonical dataset bytes. */
  commitment: Hex
  byteLength: number
  createdAt: number
  /** Set once the factory's DatasetCreated event from this vendor with this commitment was seen. */
  link: DatasetLink | null
}

export type DatasetLink = {
  chainId: number
  market: Address
  chainDatasetId: string
  block: bigint
  txHash: Hex
}

/** AES-256-GCM ciphertext of a dataset's canonical bytes. */
export type SealedBlob = { keyId: string; iv: Uint8Array; ciphertext: Uint8Array; tag: Uint8Array }

export type NewDataset = Omit<DatasetRecord, 'id' | 'link'>

/** A preview's result, kept so a later JobOpened can be matched to exactly what the customer saw. */
export type QuoteRecord = {
  /** bytes32, random. */
  id: Hex
  datasetId: number
  customer: Address
  params: TrainingParams
  /** Canonical test-set bytes (the customer's own data). */
  testSet: Uint8Array
  testSetHash: Hex
  thresholdBps: number
  correct: number
  total: number
  /** sha256 of the trained model's bytes. Secret until settle: the customer sees only the commitment. */
  modelHash: Hex
  /** 32 random bytes drawn per quote; opens {@link modelCommitment} at settle. Never leaves the server before. */
  modelSalt: Hex
  /** keccak256(modelHash ‖ modelSalt): JobTerms.modelCommitment. */
  modelCommitment: Hex
  /** trainingParamsHash(params): JobTerms.paramsHash. */
  paramsHash: Hex
  /**
   * The journal formats whose receipt fits zkVerify's limits for this quote (the preview's estimate);
   * the customer picks one in JobTerms.journalFormat, and a job opened with another is refunded.
   */
  journalFormats: JournalFormat[]
  /** Price when quoted, or null when the dataset had no market yet. */
  priceWei: string | null
  /** Unix milliseconds. */
  createdAt: number
  /** Unix milliseconds; always `quoteExpiresAt × 1000`. */
  expiresAt: number
  /** Unix seconds: JobTerms.quoteExpiresAt (openJob reverts after it, against block time). */
  quoteExpiresAt: number
}

/** Per-wallet and per-dataset preview allowances over a sliding window. */
export type PreviewBudget = { perWallet: number; perDataset: number; windowMs: number }

/** The answer of {@link Store.chargePreview}: admitted (with its charge id), or over a budget. */
export type PreviewCharge =
  | { ok: true; chargeId: number }
  | { ok: false; scope: 'wallet' | 'dataset'; limit: number; retryAfterMs: number }

export type { FeedRequestState } from '@veritree/core/api'
export {
  type ActiveJobState,
  JOB_STATES,
  type JobError,
  type JobProgress,
  type JobState,
} from '@veritree/core/api'

export type ProveStats = {
  cycles: number | null
  segments: number | null
  provingMs: number | null
  receiptBytes: number | null
}

/**
 * The terms the market recorded at openJob (from JobOpened), beyond what every job had before:
 * they are checked against the stored quote before any work is done.
 */
export type JobTerms = {
  paramsHash: Hex
  modelCommitment: Hex
  quoteExpiresAt: number
  /** The factory's verifier config the job is verified against (recorded on the job at openJob). */
  verifierId: number
  /** JobTerms.journalFormat: which journal the job settles with (1 accuracy, 2 training + accuracy). */
  journalFormat: JournalFormat
}

/** training → proving: the retrained model and its score on the test set. */
export type TrainingResult = {
  model: Uint8Array
  modelHash: Hex
  correct: number
  total: number
  met: boolean
}

/** proving → verifying: the receipt and the journal it commits to. */
export type ProofResult = {
  imageId: Hex
  journal: Hex
  receiptPath: string
  stats: ProveStats
}

/**
 * verifying → settling. `submission` is written as soon as the proof was handed to the verifier and
 * before waiting on it, so a retry resumes from it instead of submitting again.
 */
export type VerificationResult = {
  submission: VerifySubmission | null
  aggregation: AggregationProof | null
}

/**
 * settling → attesting. `tx` is written right after sending and before waiting; `outcome` once the
 * market's job is Settled (met, vendor paid) or Refunded (not met), read back from the chain.
 */
export type SettlementResult = {
  tx: Hex
  outcome: SettlementOutcome | null
}
export type SettlementOutcome = {
  status: 'Settled' | 'Refunded'
  met: boolean
  modelHash: Hex
  correct: number
  total: number
  /** True when the settled journal is the one this backend proved (same model, score and outcome). */
  ownJournal: boolean
}

/** refunding → refunded: why the backend refunds the customer (UNPROVABLE_REASON), and the tx. */
export type RefundResult = {
  reason: number
  tx: Hex | null
  /** The on-chain status the job ended in: Unprovable (our refund) or Reclaimed (the customer's). */
  status: 'Unprovable' | 'Reclaimed' | null
}

/** attesting → done. `pending` is the message sent to HCS before its receipt came back. */
export type AttestationResult = {
  pending: (TimestampSubmission & { submittedAt: number }) | null
  timestamp: TimestampReceipt | null
}

export type JobRecord = {
  /** Row id (internal). */
  pk: number
  chainId: number
  market: Address
  jobId: Hex
  datasetId: number
  quoteId: Hex
  customer: Address
  testSetHash: Hex
  thresholdBps: number
  priceWei: string
  deadline: number
  openedBlock: bigint
  openedTx: Hex
  /** Null only for jobs recorded before the market bound model and parameters (schema version 1). */
  terms: JobTerms | null
  state: JobState
  progress: JobProgress | null
  /** The last error, as published: a stable code and a message without internals (details go to logs). */
  error: JobError | null
  attempts: number
  runAfter: number
  holder: string | null
  leaseExpiresAt: number | null
  createdAt: number
  updatedAt: number
  // One result group per step, each null until that step wrote it.
  training: TrainingResult | null
  proof: ProofResult | null
  verification: VerificationResult | null
  settlement: SettlementResult | null
  refund: RefundResult | null
  attestation: AttestationResult | null
}

export type NewJob = Pick<
  JobRecord,
  | 'chainId'
  | 'market'
  | 'jobId'
  | 'datasetId'
  | 'quoteId'
  | 'customer'
  | 'testSetHash'
  | 'thresholdBps'
  | 'priceWei'
  | 'deadline'
  | 'openedBlock'
  | 'openedTx'
  | 'terms'
>

/** Result groups a step may write together with its transition (each replaces the stored group). */
export type JobPatch = Partial<
  Pick<JobRecord, 'training' | 'proof' | 'verification' | 'settlement' | 'refund' | 'attestation'>
>

/** What a quote binds a job to on-chain (see `JobTerms` in @veritree/contracts/job-terms). */
export type QuoteTerms = {
  /** The journal formats the customer may choose (see {@link QuoteRecord.journalFormats}). */
  journalFormats: JournalFormat[]
  modelHash: Hex
  modelSalt: Hex | null
  paramsHash: Hex
  /** Unix seconds. */
  quoteExpiresAt: number
}

/**
 * A bought model listed for sale per prediction (DatasetFactory.FeedCreated), recorded only when the
 * sale is one of our jobs that settled with the threshold met and the model hash is the one we hold.
 */
export type FeedRecord = {
  /** Row id (internal). */
  pk: number
  chainId: number
  /** The InferenceFeed clone. */
  address: Address
  market: Address
  saleJobId: Hex
  /** The sale's job row: its model is the feed's model (it never leaves the backend). */
  jobPk: number
  datasetId: number
  owner: Address
  modelHash: Hex
  /** Price per prediction in wei: the listing price, then each PriceUpdated the watcher read. */
  priceWei: string
  /** Whether the feed takes new requests: true at creation, then each AcceptingRequestsUpdated. */
  acceptingRequests: boolean
  /**
   * False for a feed recorded before the backend indexed the owner's events (schema 6), until the
   * watcher has read its state from the chain once.
   */
  stateKnown: boolean
  royaltyBps: number
  createdBlock: bigint
  createdTx: Hex
  createdAt: number
}
export type NewFeed = Omit<FeedRecord, 'pk' | 'createdAt' | 'acceptingRequests' | 'stateKnown'>
/** A change of a feed's owner-set state, from one of its events, or its whole state read from the chain. */
export type FeedStateChange =
  | { priceWei: string }
  | { acceptingRequests: boolean }
  | { priceWei: string; acceptingRequests: boolean; fromChain: true }

/** What one wallet may keep uploaded that no request names (see feeds/limits.ts). */
export type FeedInputsQuota = { maxPerWallet: number; maxBytesPerWallet: number }
/**
 * The outcome of an upload: stored (and the requests it released), or refused with nothing stored:
 * `quota` when the wallet already holds its limit of inputs no request names (`held`, and when the
 * oldest of them is swept), `closed` when the feed takes no new requests and no request waits for them.
 */
export type PutFeedInputsResult =
  | { stored: true; released: FeedRequestRecord[] }
  | { stored: false; refused: 'quota'; held: { count: number; bytes: number }; oldestAt: number }
  | { stored: false; refused: 'closed' }

/** Canonical input rows (no labels) uploaded for a feed, found again by their hash. */
export type FeedInputsRecord = {
  feedPk: number
  inputsHash: Hex
  /** Who uploaded them (the request may come from anyone who knows the hash, e.g. a contract). */
  uploader: Address
  rows: number
  inputs: Uint8Array
  createdAt: number
}

/** proving → verifying for a request: the receipt, its format-3 journal and the predictions. */
export type InferenceProofResult = ProofResult & {
  /** Canonical predictions (count × u16 LE), checked against the journal's predictionsHash. */
  predictions: Hex
}

export type FeedRequestRecord = {
  pk: number
  feedPk: number
  requestId: Hex
  customer: Address
  inputsHash: Hex
  count: number
  priceWei: string
  /** Unix seconds (the escrow's deadline: after it the customer may reclaim). */
  deadline: number
  verifierId: number
  openedBlock: bigint
  openedTx: Hex
  state: FeedRequestState
  error: JobError | null
  attempts: number
  runAfter: number
  holder: string | null
  leaseExpiresAt: number | null
  createdAt: number
  updatedAt: number
  proof: InferenceProofResult | null
  verification: VerificationResult | null
  settlement: { tx: Hex; outcome: { status: 'Settled' } | null } | null
  refund: RefundResult | null
  attestation: AttestationResult | null
}

export type NewFeedRequest = Pick<
  FeedRequestRecord,
  | 'feedPk'
  | 'requestId'
  | 'customer'
  | 'inputsHash'
  | 'count'
  | 'priceWei'
  | 'deadline'
  | 'verifierId'
  | 'openedBlock'
  | 'openedTx'
>

/** Result groups a request step may write with its transition. */
export type FeedRequestPatch = Partial<
  Pick<FeedRequestRecord, 'proof' | 'verification' | 'settlement' | 'refund' | 'attestation'>
>

export type IgnoredEvent = {
  chainId: number
  address: Address
  event: string
  txHash: Hex
  logIndex: number
  reason: string
}

/**
 * The whole data layer. Routes, the chain watcher and the job worker only see this interface, so a
 * PostgreSQL implementation can replace SQLite without touching them. Methods are async for that
 * reason even though node:sqlite is synchronous.
 */
export interface Store {
  // Sign-in
  putNonce(nonce: string, expiresAt: number): Promise<void>
  /** Deletes the nonce and says whether it existed unexpired (single use). */
  consumeNonce(nonce: string, now: number): Promise<boolean>
  putSession(tokenHash: string, address: Address, expiresAt: number): Promise<void>
  getSession(tokenHash: string, now: number): Promise<{ address: Address } | null>
  deleteSession(tokenHash: string): Promise<void>
  /** Unexpired, unused nonces (the sign-in route caps them). */
  countNonces(now: number): Promise<number>

  // Datasets
  /** Inserts the dataset and its sealed rows atomically. Throws DuplicateDatasetError for a repeated commitment. */
  createDataset(dataset: NewDataset, sealed: (id: number) => SealedBlob): Promise<DatasetRecord>
  getDataset(id: number): Promise<DatasetRecord | null>
  listDatasets(filter?: { vendor?: Address }): Promise<DatasetRecord[]>
  findDatasetByMarket(chainId: number, market: Address): Promise<DatasetRecord | null>
  /** Unlinked datasets of this vendor with this commitment. */
  findUnlinkedDataset(vendor: Address, commitment: Hex): Promise<DatasetRecord | null>
  linkDataset(id: number, link: DatasetLink): Promise<boolean>
  getSealedBlob(datasetId: number): Promise<SealedBlob | null>

  // Quotes
  putQuote(quote: QuoteRecord): Promise<void>
  getQuote(id: Hex): Promise<QuoteRecord | null>
  /**
   * Deletes quotes that expired before `expiredBefore` (unix ms) and that no job references (a job's
   * quote is kept forever: its terms and salt are needed to settle). Returns how many were deleted.
   */
  sweepQuotes(expiredBefore: number): Promise<number>
  /**
   * Counts one preview against the wallet's and the dataset's budget, atomically: either both have room
   * and a charge is recorded, or nothing is written and the answer says which budget is spent and when
   * its oldest charge leaves the window.
   */
  chargePreview(
    wallet: Address,
    datasetId: number,
    now: number,
    budget: PreviewBudget,
  ): Promise<PreviewCharge>
  /** Takes back a charge for a preview the server could not run (queue full, server error). */
  refundPreview(chargeId: number): Promise<void>
  /** Forgets charges older than `before` (unix ms); they no longer count against any budget. */
  sweepPreviewCharges(before: number): Promise<number>

  // Jobs
  /** Inserts a job in state `opened`; returns null if (chainId, market, jobId) already exists. */
  insertJob(job: NewJob, now: number): Promise<JobRecord | null>
  getJob(jobId: Hex): Promise<JobRecord | null>
  listJobs(filter: {
    customer?: Address
    datasetId?: number
    state?: JobState
    limit?: number
  }): Promise<JobRecord[]>
  /** Claims one runnable job (not terminal, due, and unheld or with an expired lease) for `holder`. */
  claimJob(holder: string, now: number, leaseMs: number): Promise<JobRecord | null>
  /** Extends the lease; false if `holder` no longer holds the job. */
  heartbeat(pk: number, holder: string, leaseExpiresAt: number): Promise<boolean>
  /** Moves a held job from `from` to `to`, writing `patch`, and releases it. False if not held. */
  advanceJob(
    pk: number,
    holder: string,
    from: JobState,
    to: JobState,
    patch: JobPatch,
    now: number,
    note?: string,
  ): Promise<boolean>
  /** Writes result fields without a transition (e.g. a tx hash right after sending). */
  patchJob(pk: number, holder: string, patch: JobPatch, now: number): Promise<boolean>
  /** Releases a held job for a later retry, recording the error (published: no internals). */
  retryJob(pk: number, holder: string, error: JobError, runAfter: number, now: number): Promise<boolean>
  /** Ends a held job in `failed` with a published reason. */
  failJob(pk: number, holder: string, from: JobState, reason: JobError, now: number): Promise<boolean>
  /**
   * The quote fields a job is bound to on-chain (the salt stays secret until settle). `modelSalt` is
   * null for a quote stored without one. Null when the quote does not exist.
   */
  getQuoteTerms(quoteId: Hex): Promise<QuoteTerms | null>
  /** Jobs not yet `done` or `refunded` (the reconciler compares them with the chain). */
  listOpenJobs(): Promise<JobRecord[]>
  /**
   * Moves a job that no worker holds (or whose lease expired) from `from` to `to`, as the chain says.
   * False if the job moved meanwhile or a live worker holds it.
   */
  reconcileJob(
    pk: number,
    from: JobState,
    to: JobState,
    patch: JobPatch,
    error: JobError | null,
    now: number,
    note: string,
  ): Promise<boolean>
  setProgress(pk: number, progress: JobProgress): Promise<void>
  jobTransitions(
    pk: number,
  ): Promise<Array<{ from: JobState | null; to: JobState; note: string | null; at: number }>>

  // Inference feeds
  /** Records a feed; null if (chainId, address) or its sale is already recorded. */
  insertFeed(feed: NewFeed, now: number): Promise<FeedRecord | null>
  getFeed(address: Address): Promise<FeedRecord | null>
  getFeedByPk(pk: number): Promise<FeedRecord | null>
  listFeeds(filter?: { owner?: Address }): Promise<FeedRecord[]>
  /**
   * Applies a PriceUpdated or AcceptingRequestsUpdated to a recorded feed, or its whole state read from
   * the chain (which makes it `stateKnown`); null if the feed is unknown.
   */
  updateFeedState(chainId: number, address: Address, change: FeedStateChange): Promise<FeedRecord | null>
  /**
   * Stores uploaded inputs and, in the same transaction, moves this feed's requests awaiting exactly
   * these inputs to `proving`. Uploading stored rows again (the same hash is the same bytes) renews
   * them: they are charged to the latest uploader and kept for the grace period from now.
   *
   * Inputs a request of the feed names (by hash) are "named" while that request still needs them (any
   * state but `done` and `refunded`). An upload of unnamed inputs is refused,
   * with nothing stored, when the wallet would then hold more unnamed inputs than `quota` (count or
   * bytes, over all feeds), or when `acceptingRequests` is false (nobody can pay for them).
   * Check and write are one transaction, so concurrent uploads cannot both take the last place.
   */
  putFeedInputs(
    inputs: Omit<FeedInputsRecord, 'createdAt'>,
    now: number,
    rules: { quota: FeedInputsQuota; acceptingRequests: boolean },
  ): Promise<PutFeedInputsResult>
  /**
   * Deletes at most `limit` stored inputs last uploaded before `before` that no request still needing
   * them names (see putFeedInputs), oldest first; returns how many. One statement: a request recorded at the same moment either comes first
   * (its inputs are named and kept) or after (it waits in `awaiting_inputs` like any request whose rows
   * are unknown: released by a new upload, or refunded after the grace period).
   */
  sweepFeedInputs(before: number, limit: number): Promise<number>
  getFeedInputs(feedPk: number, inputsHash: Hex): Promise<FeedInputsRecord | null>
  /**
   * Records a paid request, in `proving` when its inputs are stored and `awaiting_inputs` otherwise;
   * null if the request id is already recorded.
   */
  insertFeedRequest(request: NewFeedRequest, now: number): Promise<FeedRequestRecord | null>
  getFeedRequest(requestId: Hex): Promise<FeedRequestRecord | null>
  listFeedRequests(filter: {
    feedPk?: number
    customer?: Address
    state?: FeedRequestState
    limit?: number
  }): Promise<FeedRequestRecord[]>
  /**
   * Moves requests still `awaiting_inputs` that were recorded before `before` (unix ms) to
   * `refunding` (reason UNKNOWN_INPUTS): nobody uploaded their rows within the grace period.
   */
  expireAwaitingInputs(before: number, reason: number, now: number): Promise<FeedRequestRecord[]>
  feedRequestTransitions(
    pk: number,
  ): Promise<Array<{ from: FeedRequestState | null; to: FeedRequestState; note: string | null; at: number }>>
  // A request's pipeline: the same claim/lease/advance/retry/fail rules as a job's (see claimJob…).
  claimFeedRequest(holder: string, now: number, leaseMs: number): Promise<FeedRequestRecord | null>
  heartbeatFeedRequest(pk: number, holder: string, leaseExpiresAt: number): Promise<boolean>
  advanceFeedRequest(
    pk: number,
    holder: string,
    from: FeedRequestState,
    to: FeedRequestState,
    patch: FeedRequestPatch,
    now: number,
    note?: string,
  ): Promise<boolean>
  patchFeedRequest(pk: number, holder: string, patch: FeedRequestPatch, now: number): Promise<boolean>
  retryFeedRequest(
    pk: number,
    holder: string,
    error: JobError,
    runAfter: number,
    now: number,
  ): Promise<boolean>
  failFeedRequest(
    pk: number,
    holder: string,
    from: FeedRequestState,
    reason: JobError,
    now: number,
  ): Promise<boolean>
  setFeedRequestProgress(pk: number, progress: JobProgress): Promise<void>

  // Chain indexing
  recordIgnoredEvent(event: IgnoredEvent, now: number): Promise<void>
  listIgnoredEvents(): Promise<Array<IgnoredEvent & { at: number }>>
  getCursor(name: string): Promise<bigint | null>
  setCursor(name: string, nextBlock: bigint): Promise<void>

  close(): Promise<void>
}

/** Thrown by createDataset when this vendor already uploaded a dataset with the same commitment. */
export class DuplicateDatasetError extends VeritreeError<'duplicate_dataset'> {
  override readonly name = 'DuplicateDatasetError'
  readonly existingId: number
  constructor(existingId: number) {
    super('duplicate_dataset', `this dataset was already uploaded (dataset ${existingId})`, {
      details: { existingId },
    })
    this.existingId = existingId
  }
}
