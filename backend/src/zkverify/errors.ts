/**
 * Errors of the zkVerify side. Each names the step that failed, so a job's stored error says where
 * (receipt check, submission, finalization, aggregation, publication...) and keeps the cause.
 */

/** The steps a verification goes through, in order. */
export type ZkVerifyStep =
  | 'input'
  | 'receipt'
  | 'connect'
  | 'submit'
  | 'finalize'
  | 'aggregate'
  | 'statement-path'
  | 'publish'
  | 'settlement-root'
  | 'aborted'

/** A verification failed at `step`; nothing after that step happened. */
export class ZkVerifyError extends Error {
  override readonly name: string = 'ZkVerifyError'
  readonly step: ZkVerifyStep

  constructor(step: ZkVerifyStep, message: string, options?: { cause?: unknown }) {
    super(`zkVerify ${step}: ${message}`, options)
    this.step = step
  }
}

/** The RISC Zero receipt did not verify against the image id and journal; its statement was never queued. */
export class ReceiptRejectedError extends ZkVerifyError {
  override readonly name = 'ReceiptRejectedError'

  constructor(receiptPath: string, options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : ''
    super(
      'receipt',
      `receipt ${receiptPath} does not verify against the image id and journal${reason}`,
      options,
    )
  }
}

/** Short text of any thrown value, for messages. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
