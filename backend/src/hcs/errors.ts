/**
 * The one error type this module throws across its boundary. It names the network, the
 * transaction id when one exists, and Hedera's status code when the network gave one, and
 * keeps the SDK's own error as `cause`.
 */
import { VeritreeError } from '@veritree/core/errors'

export type HcsErrorDetails = {
  network: string
  transactionId?: string
  /** Hedera status name, e.g. `INVALID_SIGNATURE`. */
  status?: string
  cause?: unknown
}

export class HcsError extends VeritreeError {
  override readonly name = 'HcsError'
  readonly network: string
  readonly transactionId: string | undefined
  readonly status: string | undefined

  /** `code` is Hedera's status name when the network gave one, else `HCS_ERROR`. */
  constructor(summary: string, details: HcsErrorDetails) {
    const parts = [`HCS (${details.network}): ${summary}`]
    if (details.status) parts.push(`status ${details.status}`)
    if (details.transactionId) parts.push(`transaction ${details.transactionId}`)
    const { cause, ...data } = details
    super(details.status ?? 'HCS_ERROR', parts.join('; '), { cause, details: data })
    this.network = details.network
    this.transactionId = details.transactionId
    this.status = details.status
  }
}

/** Status name from the SDK's PrecheckStatusError / ReceiptStatusError, if `error` is one. */
export function statusOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status
    if (status != null) return String(status)
  }
  return undefined
}
