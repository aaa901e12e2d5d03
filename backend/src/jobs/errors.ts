/**
 * A step failure that retrying cannot fix (missing data, a journal that contradicts the job, a job
 * the customer already reclaimed). The job goes straight to `failed` with this message.
 */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError'
}

/** The worker lost its claim on the job (lease expired and another worker took it). */
export class LostLeaseError extends Error {
  override readonly name = 'LostLeaseError'
}
