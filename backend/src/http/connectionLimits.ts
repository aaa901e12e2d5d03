import type { RequestHandler } from 'express'
import { ApiError } from './errors.ts'

/** Caps on long-lived or stored per-client state that would otherwise grow without bound. */
export type ConnectionLimits = {
  /** Open server-sent-event streams per client IP. */
  ssePerIp: number
  /** Open server-sent-event streams in all. */
  sseTotal: number
  /** Unexpired, unused sign-in nonces in all (each is a database row). */
  nonces: number
  /**
   * CSV bodies (dataset uploads and preview test sets) being read and processed at once. Each holds
   * about 4 × 8 bytes per cell at its peak (backend/README.md, "Known limits"), so this times the byte
   * limit bounds their memory.
   */
  uploads: number
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  ssePerIp: 6,
  sseTotal: 500,
  nonces: 10_000,
  uploads: 2,
}

/**
 * Admits at most `max` requests into the handlers after it at once; one more is refused with 503 and
 * Retry-After before its body is read. A request stops counting when its connection closes.
 */
export function inFlightLimiter(max: number, what: string): RequestHandler {
  let inFlight = 0
  return (_req, res, next) => {
    if (inFlight >= max) {
      throw new ApiError(503, 'server_busy', `the server is busy with ${max} ${what}; try again shortly`, {
        retryAfterSeconds: 10,
      })
    }
    inFlight += 1
    res.once('close', () => {
      inFlight -= 1
    })
    next()
  }
}

/**
 * Admits a server-sent-event request only while its IP has fewer than `ssePerIp` streams open and the
 * server fewer than `sseTotal`; otherwise 429 (this IP) or 503 (everyone), both with Retry-After. A
 * stream stops counting when its connection closes.
 */
export function sseLimiter(limits: Pick<ConnectionLimits, 'ssePerIp' | 'sseTotal'>): RequestHandler {
  const perIp = new Map<string, number>()
  let total = 0
  return (req, res, next) => {
    const ip = req.ip ?? 'unknown'
    const mine = perIp.get(ip) ?? 0
    if (mine >= limits.ssePerIp) {
      throw new ApiError(
        429,
        'too_many_streams',
        `at most ${limits.ssePerIp} live event streams per client; close one first`,
        { retryAfterSeconds: 30 },
      )
    }
    if (total >= limits.sseTotal) {
      throw new ApiError(503, 'too_many_streams', 'the server has no free event streams; try again shortly', {
        retryAfterSeconds: 30,
      })
    }
    perIp.set(ip, mine + 1)
    total += 1
    res.once('close', () => {
      total -= 1
      const left = (perIp.get(ip) ?? 1) - 1
      if (left <= 0) perIp.delete(ip)
      else perIp.set(ip, left)
    })
    next()
  }
}
