import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../appDeps.ts'
import { endSession, requireAddress, startSession } from '../auth/session.ts'
import { issueNonce, NONCE_TTL_MS, verifySignIn } from '../auth/siwe.ts'
import { DEFAULT_CONNECTION_LIMITS } from '../http/connectionLimits.ts'
import { ApiError, parseInput } from '../http/errors.ts'
import { limiter } from '../http/rateLimit.ts'

const VerifyBodySchema = z.object({
  message: z.string().min(1).max(4096),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/, 'must be a 0x-prefixed hex signature')
    .max(20_000),
})

/** Sign-In with Ethereum: nonce, verify (sets the session cookie), me, logout. */
export function authRoutes(deps: AppDeps): Router {
  const router = Router()
  const maxNonces = deps.connectionLimits?.nonces ?? DEFAULT_CONNECTION_LIMITS.nonces
  // Each nonce is a database row until used or expired: cap them per IP and in all.
  router.get('/auth/nonce', limiter(60, 60_000, 'sign-in nonces'), async (_req, res) => {
    if ((await deps.store.countNonces(Date.now())) >= maxNonces) {
      throw new ApiError(503, 'too_many_nonces', 'too many sign-ins in progress; try again shortly', {
        retryAfterSeconds: Math.ceil(NONCE_TTL_MS / 1000 / 10),
      })
    }
    res.set('Cache-Control', 'no-store').json({ nonce: await issueNonce(deps.store) })
  })
  router.post('/auth/verify', async (req, res) => {
    const body = parseInput(VerifyBodySchema, req.body, 'sign-in body')
    const address = await verifySignIn(
      deps.store,
      { origins: deps.origins, chainId: deps.chainId, client: deps.publicClient },
      body.message,
      body.signature as `0x${string}`,
    )
    await startSession(deps.store, res, address, deps.secureCookies)
    res.json({ address })
  })
  router.get('/auth/me', (_req, res) => {
    res.json({ address: requireAddress(res) })
  })
  router.post('/auth/logout', async (req, res) => {
    await endSession(deps.store, req, res)
    res.status(204).end()
  })
  return router
}
