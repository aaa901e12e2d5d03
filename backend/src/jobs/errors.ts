/**
 * A step failure that retrying cannot fix (missing data, a journal that contradicts the job, a job
 * the customer already reclaimed). The job goes straight to `failed` with this message.
 */
import { VeritreeError } from '@veritree/core/errors'

export class PermanentJobError extends VeritreeError<'job_permanent'> {
  override readonly name = 'PermanentJobError'
  constructor(message: string, options?: { cause?: unknown; details?: unknown }) {
    super('job_permanent', message, options)
  }
}

/** The worker lost its claim on the job (lease expired and another worker took it). */
export class LostLeaseError extends VeritreeError<'lost_lease'> {
  override readonly name = 'LostLeaseError'
  constructor(message: string) {
    super('lost_lease', message)
  }
}
