/**
 * Errors of the zkVerify side. Each names the step that failed, so a job's stored error says where
 * (receipt check, submission, finalization, aggregation, publication...) and keeps the cause.
 */
import { errorMessage, VeritreeError } from '@veritree/core/errors'

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
export class ZkVerifyError extends VeritreeError<ZkVerifyStep> {
  override readonly name: string = 'ZkVerifyError'
  /** Same as `code`: the step that failed. */
  readonly step: ZkVerifyStep

  constructor(step: ZkVerifyStep, message: string, options?: { cause?: unknown }) {
    super(step, `zkVerify ${step}: ${message}`, options)
    this.step = step
  }
}

/** The RISC Zero receipt did not verify against the image id and journal; its statement was never queued. */
export class ReceiptRejectedError extends ZkVerifyError {
  override readonly name = 'ReceiptRejectedError'

  constructor(receiptPath: string, options?: { cause?: unknown }) {
    const reason = options?.cause === undefined ? '' : `: ${errorMessage(options.cause)}`
    super(
      'receipt',
      `receipt ${receiptPath} does not verify against the image id and journal${reason}`,
      options,
    )
  }
}
