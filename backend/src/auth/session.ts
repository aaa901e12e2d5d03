import { createHash, randomBytes } from 'node:crypto'
import { parse as parseCookie } from 'cookie'
import type { Request, RequestHandler, Response } from 'express'
import type { Address } from 'viem'
import type { Store } from '../db/index.ts'
import { unauthenticated } from '../http/errors.ts'

export const SESSION_COOKIE = 'veritree_session'
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000

/** Only a hash of the token is stored, so a leaked database does not hand out sessions. */
function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  return parseCookie(header)[SESSION_COOKIE]
}

/** Starts a session for `address` and sets its httpOnly, SameSite=Lax cookie. */
export async function startSession(
  store: Store,
  res: Response,
  address: Address,
  secure: boolean,
): Promise<void> {
  const token = randomBytes(32).toString('base64url')
  await store.putSession(tokenHash(token), address, Date.now() + SESSION_TTL_MS)
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_TTL_MS,
  })
}

/** Ends the request's session (if any) and clears the cookie. */
export async function endSession(store: Store, req: Request, res: Response): Promise<void> {
  const token = sessionToken(req)
  if (token) await store.deleteSession(tokenHash(token))
  res.clearCookie(SESSION_COOKIE, { path: '/' })
}

/** Sets `res.locals.address` when the request carries a live session; never rejects. */
export function loadSession(store: Store): RequestHandler {
  return async (req, res, next) => {
    const token = sessionToken(req)
    if (token) {
      const session = await store.getSession(tokenHash(token), Date.now())
      if (session) res.locals.address = session.address
    }
    next()
  }
}

/** The signed-in wallet (lowercase), or 401. */
export function requireAddress(res: Response): Address {
  const address = res.locals.address as Address | undefined
  if (!address) throw unauthenticated()
  return address
}

/** Middleware form of {@link requireAddress}. */
export const requireAuth: RequestHandler = (_req, res, next) => {
  requireAddress(res)
  next()
}
