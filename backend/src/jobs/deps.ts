import type { TrainingParams } from '@veritree/core/training'
import type { Logger } from 'pino'
import type { Account, Address, Chain, Hex, PublicClient, Transport, WalletClient } from 'viem'
import type { TimestampLog, Verifier } from '../attest/types.ts'
import type { JobPatch, JobProgress, JobRecord, JobState, Store } from '../db/index.ts'
import type { DataKey } from '../vault/dataKey.ts'
import type { JobEvents } from './events.ts'

/** Progress the prover reports while it runs. */
export type ProveProgress = { phase: string; message?: string; fraction?: number }

/**
 * What the guest proves. Format 1 (accuracy): a given model on the test set. Format 2 (training):
 * the guest hashes the canonical dataset bytes and the 11 parameter bytes, trains the model itself and
 * evaluates it, so its journal also commits `datasetCommitment` and `paramsHash`.
 */
export type ProveInputs =
  | { format: 1; modelBytes: Uint8Array }
  | {
      format: 2
      /** The vendor's canonical dataset bytes, decrypted only for this call. */
      datasetBytes: Uint8Array
      /** The quoted parameters; the guest hashes their 11 canonical bytes into `paramsHash`. */
      params: TrainingParams
    }

export type ProveRequest = ProveInputs & {
  testSetBytes: Uint8Array
  jobId: Hex
  thresholdBps: number
  workDir: string
  onProgress?: (progress: ProveProgress) => void
  signal?: AbortSignal
  timeoutMs?: number
}

export type ProveResult = {
  imageId: Hex
  journal: Hex
  receiptPath: string
  cycles?: number | null
  segments?: number | null
  provingMs?: number | null
  receiptBytes?: number | null
}

/** The RISC Zero prover as the pipeline uses it (the zkvm-guest host CLI behind it). */
export type Prover = {
  prove(request: ProveRequest): Promise<ProveResult>
}

/** Everything a step may use; injected so tests wire real pieces in-process. */
export type PipelineDeps = {
  store: Store
  dataKey: DataKey
  prover: Prover
  verifier: Verifier
  timestampLog: TimestampLog
  publicClient: PublicClient
  /**
   * The operator account: sends settle (anyone may) and refundUnprovable (only the factory's
   * `operator()` may).
   */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  /** The factory whose verifier configs jobs record at openJob. */
  factory: Address
  /** The image id of the prover this backend runs (jobs recorded against another one are refunded). */
  proverImageId: () => Promise<Hex | null>
  /** Jobs' receipts and prover scratch space live under here, one folder per job. */
  workDir: string
  events: JobEvents
  logger: Logger
  proveTimeoutMs: number
  trainTimeoutMs: number
}

/** What a step gets: the job as claimed, and ways to report progress and honour cancellation. */
export type StepContext = {
  deps: PipelineDeps
  job: JobRecord
  holder: string
  signal: AbortSignal
  progress(progress: Omit<JobProgress, 'at'>): void
  /** Runs `work` while holding the pipeline's proving slot (concurrency limit). */
  withProvingSlot<T>(work: () => Promise<T>): Promise<T>
}

/** A finished step: the next state and the results to write with the transition. */
export type StepOutcome = { next: JobState; patch: JobPatch; note?: string }

export type Step = (context: StepContext) => Promise<StepOutcome>
