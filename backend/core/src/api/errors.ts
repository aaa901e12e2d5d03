import { VeritreeError } from '../errors.ts'
import type { ApiErrorBody } from './schemas.ts'

/**
 * An error answer of the HTTP API: its status, stable code, message and details. The backend throws it
 * for the client to see; the frontend rebuilds it from the answer (status 0 when none arrived).
 */
export class ApiError extends VeritreeError {
  override readonly name = 'ApiError'
  readonly status: number

  constructor(
    status: number,
    code: string,
    message: string,
    details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(code, message, { details, cause: options?.cause })
    this.status = status
  }

  /**
   * The `{ error: { code, message } }` body every error answer has. Details never leave the server
   * (they can hold internal paths, RPC URLs or prover output): the backend logs them instead.
   */
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } }
  }
}
