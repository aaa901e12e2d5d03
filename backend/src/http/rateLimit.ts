import type { RequestHandler } from 'express'
import { rateLimit } from 'express-rate-limit'
import type { ErrorBody } from './errors.ts'

/** Limits for the expensive routes, per client IP. */
export type RateLimits = { windowMs: number; uploads: number; previews: number }

export const DEFAULT_RATE_LIMITS: RateLimits = { windowMs: 15 * 60 * 1000, uploads: 20, previews: 60 }

/** A per-IP limiter answering 429 in the common error shape. */
export function limiter(limit: number, windowMs: number, what: string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      const body: ErrorBody = {
        error: {
          code: 'rate_limited',
          message: `too many ${what}; at most ${limit} per ${Math.round(windowMs / 60000)} minutes`,
        },
      }
      res.status(429).json(body)
    },
  })
}
