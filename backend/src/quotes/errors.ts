import { VeritreeError } from '@veritree/core/errors'

/**
 * Why a preview was refused. Domain errors, free of HTTP: `http/errors.ts` maps each code to a
 * status (and `retryAfterSeconds` to a Retry-After header).
 */
export type PreviewErrorCode =
  | 'test_set_too_small'
  | 'test_set_too_large'
  | 'invalid_params'
  | 'preview_budget_exhausted'
  | 'trainer_unavailable'

export class PreviewError extends VeritreeError<PreviewErrorCode> {
  override readonly name = 'PreviewError'
  /** When the client may try again (budgets only). */
  readonly retryAfterSeconds: number | undefined
  constructor(
    code: PreviewErrorCode,
    message: string,
    options: { details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(code, message, { details: options.details })
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}
