/**
 * The states a paid job moves through, in pipeline order. The worker runs one step per active state,
 * the routes end event streams at a terminal one, and the frontend draws its timeline from this list.
 */
export const JOB_STATES = [
  'opened',
  'training',
  'proving',
  'verifying',
  'settling',
  'attesting',
  'done',
  'refunding',
  'refunded',
  'failed',
] as const
export type JobState = (typeof JOB_STATES)[number]

/**
 * States after which nothing more happens to a job: `done` (settled on-chain, paid or refunded by the
 * threshold, and timestamped), `refunded` (the backend could not prove it and refunded the customer in
 * full, or the customer reclaimed it) and `failed` (an operator must look; the escrow is still there).
 */
export const TERMINAL_JOB_STATES = ['done', 'refunded', 'failed'] as const satisfies readonly JobState[]
export type TerminalJobState = (typeof TERMINAL_JOB_STATES)[number]
/** States the worker still has a step for. */
export type ActiveJobState = Exclude<JobState, TerminalJobState>

/** True for `done`, `refunded` and `failed`. */
export function isTerminalJobState(state: string): state is TerminalJobState {
  return (TERMINAL_JOB_STATES as readonly string[]).includes(state)
}

/**
 * `DatasetMarket.JobStatus`, in the Solidity enum's order (the index is what the contract returns).
 * Distinct from {@link JOB_STATES}: this is the escrow's view, those are the backend's pipeline.
 */
export const MARKET_JOB_STATUS = ['None', 'Open', 'Settled', 'Refunded', 'Reclaimed', 'Unprovable'] as const
export type MarketJobStatus = (typeof MARKET_JOB_STATUS)[number]

/**
 * Codes published in a job's `error` (the message says what happened in plain words; details such as
 * RPC URLs or prover output stay in the backend's logs).
 */
export const JOB_ERROR_CODES = [
  'retrying',
  'chain_unavailable',
  'prover_failed',
  'verifier_failed',
  'timestamp_failed',
  'unprovable',
  'internal',
] as const
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number]
export type JobError = { code: JobErrorCode; message: string }
