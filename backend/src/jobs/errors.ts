/**
 * Step failures the worker treats specially. Anything else is transient: the step is retried with a
 * capped backoff and no attempt limit, because a recorded job is a paid one.
 */
import type { JobError, JobErrorCode } from '@veritree/core/api'
import { VeritreeError } from '@veritree/core/errors'
import { BaseError } from 'viem'
import { HcsError } from '../hcs/errors.ts'
import { ProverFailedError, ProverNotBuiltError } from '../prover/errors.ts'
import { ZkVerifyError } from '../zkverify/errors.ts'

/**
 * A failure that retrying cannot fix and that is not the customer's refund case (a job the customer
 * already reclaimed, a settle the market refuses after our checks passed). The job goes to `failed`
 * with this published code and message; an operator looks at the logs.
 */
export class PermanentJobError extends VeritreeError<'job_permanent'> {
  override readonly name = 'PermanentJobError'
  readonly publicCode: JobErrorCode
  constructor(message: string, options?: { cause?: unknown; details?: unknown; code?: JobErrorCode }) {
    super('job_permanent', message, options)
    this.publicCode = options?.code ?? 'internal'
  }
}

/**
 * The job can never be proven and settled (see UNPROVABLE_REASON): the worker moves it to `refunding`,
 * which refunds the customer in full through `refundUnprovable(jobId, reason)`.
 */
export class UnprovableJobError extends VeritreeError<'job_unprovable'> {
  override readonly name = 'UnprovableJobError'
  readonly reason: number
  constructor(reason: number, message: string, options?: { cause?: unknown }) {
    super('job_unprovable', message, { ...options, details: { reason } })
    this.reason = reason
  }
}

/** The worker lost its claim on the job (lease expired and another worker took it). */
export class LostLeaseError extends VeritreeError<'lost_lease'> {
  override readonly name = 'LostLeaseError'
  constructor(message: string) {
    super('lost_lease', message)
  }
}

/**
 * What a job's `error` publishes for a failure: a code and a message written here, never the error's
 * own text (which can hold an RPC URL with its key, or prover stderr). The details go to the logs.
 */
export function publicJobError(error: unknown, step: string): JobError {
  if (error instanceof PermanentJobError) return { code: error.publicCode, message: error.message }
  if (error instanceof UnprovableJobError) return { code: 'unprovable', message: error.message }
  if (error instanceof ProverFailedError || error instanceof ProverNotBuiltError)
    return { code: 'prover_failed', message: `${step}: the prover failed; retrying` }
  if (error instanceof ZkVerifyError)
    return { code: 'verifier_failed', message: `${step}: verification failed; retrying` }
  if (error instanceof HcsError)
    return { code: 'timestamp_failed', message: `${step}: timestamping failed; retrying` }
  if (error instanceof BaseError)
    return { code: 'chain_unavailable', message: `${step}: the chain did not answer; retrying` }
  return { code: 'retrying', message: `${step} failed; retrying` }
}
