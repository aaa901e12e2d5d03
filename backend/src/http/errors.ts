import { ApiError, type ApiErrorBody } from '@veritree/core/api'
import { CsvError } from '@veritree/core/csv'
import { VeritreeError } from '@veritree/core/errors'
import type { ErrorRequestHandler, RequestHandler } from 'express'
import type { Logger } from 'pino'
import type { z } from 'zod'

/** The one error shape every route returns: `{ error: { code, message, details? } }` (schema in core). */
export type ErrorBody = ApiErrorBody

/** An error meant for the client: its status, a stable code and a readable message (defined in core). */
export { ApiError }

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} not found`)
export const unauthenticated = (): ApiError =>
  new ApiError(401, 'unauthenticated', 'sign in with your wallet first (GET /auth/nonce, POST /auth/verify)')
export const forbidden = (message: string): ApiError => new ApiError(403, 'forbidden', message)

/** Parses `input` with a zod schema or throws a 400 naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  throw new ApiError(400, 'invalid_input', `invalid ${where}: ${summary}`, issues)
}

/** CSV problems are 422 (well-formed request, unusable content) except size, which is 413. */
export function csvErrorToApi(error: CsvError): ApiError {
  const status = error.code === 'too_many_rows' ? 413 : 422
  return new ApiError(status, `csv_${error.code}`, error.message, error.toJSON())
}

/**
 * Status of each domain error code the services throw (services know nothing of HTTP). Codes not
 * listed are internal errors (500, details logged only).
 */
export const DOMAIN_ERROR_STATUS: Readonly<Record<string, number>> = {
  duplicate_dataset: 409,
  invalid_params: 400,
  test_set_too_small: 422,
  test_set_too_large: 422,
  preview_budget_exhausted: 429,
  queue_full: 503,
  training_timeout: 503,
  trainer_unavailable: 503,
}

/** A domain error as an API error, or null when its code is not a client-facing one. */
export function domainErrorToApi(error: VeritreeError): ApiError | null {
  const status = DOMAIN_ERROR_STATUS[error.code]
  if (status === undefined) return null
  const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds
  return new ApiError(status, error.code, error.message, {
    ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
    ...(error.details === undefined ? {} : { details: error.details }),
  })
}

/** 404 for unmatched routes, in the common error shape. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`))
}

/** Turns anything thrown into the common error shape; unexpected errors are logged, not leaked. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    let api: ApiError | null = null
    if (error instanceof ApiError) api = error
    else if (error instanceof CsvError) api = csvErrorToApi(error)
    else if (error instanceof VeritreeError) api = domainErrorToApi(error)
    if (api) {
      // Details help whoever reads the logs; the answer carries only the code and the message.
      if (api.details !== undefined)
        logger.info({ code: api.code, details: api.details, path: req.path }, 'error details')
    } else if (isBodyParserError(error))
      api = new ApiError(
        error.status,
        error.status === 413 ? 'payload_too_large' : 'invalid_body',
        error.message,
      )
    else {
      logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error')
      api = new ApiError(500, 'internal', 'internal error; the service logged the details')
    }
    if (res.headersSent) {
      res.end()
      return
    }
    // An oversized upload is refused without reading the rest of it.
    if (api.status === 413) res.set('Connection', 'close')
    const retryAfter = (api.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
    if (typeof retryAfter === 'number') res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfter))))
    res.status(api.status).json(api.toBody())
  }
}

function isBodyParserError(error: unknown): error is { status: number; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof (error as { status: unknown }).status === 'number' &&
    'type' in error
  )
}
