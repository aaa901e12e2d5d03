import type { Hex } from 'viem'
import type { FeedRecord, FeedRequestPatch, FeedRequestRecord, FeedRequestState } from '../db/index.ts'
import type { PipelineDeps, ProveProgress, ProveResult } from '../jobs/deps.ts'
import type { LaneContext } from '../jobs/leaseWorker.ts'

/** Guest mode 3: the feed's model on the request's inputs, bound to the request id. */
export type InferenceProveRequest = {
  modelBytes: Uint8Array
  inputsBytes: Uint8Array
  requestId: Hex
  workDir: string
  onProgress?: (progress: ProveProgress) => void
  signal?: AbortSignal
  timeoutMs?: number
}

/** The receipt and journal, plus the canonical predictions the host computed (checked by the step). */
export type InferenceProveResult = ProveResult & { predictions: Hex }

/** The prover as the feed pipeline uses it (`veritree-prover prove --mode 3` behind it). */
export type InferenceProver = {
  proveInference(request: InferenceProveRequest): Promise<InferenceProveResult>
}

/** The sale pipeline's dependencies (same verifier, HCS log, operator wallet), plus the mode-3 prover. */
export type FeedPipelineDeps = Omit<PipelineDeps, 'prover' | 'dataKey' | 'trainTimeoutMs'> & {
  inferenceProver: InferenceProver
}

export type FeedStepContext = LaneContext & {
  deps: FeedPipelineDeps
  request: FeedRequestRecord
  feed: FeedRecord
}

export type FeedStepOutcome = { next: FeedRequestState; patch: FeedRequestPatch; note?: string }
export type FeedStep = (context: FeedStepContext) => Promise<FeedStepOutcome>
