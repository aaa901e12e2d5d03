import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../appDeps.ts'
import { endSession, requireAddress, startSession } from '../auth/session.ts'
import { issueNonce, verifySignIn } from '../auth/siwe.ts'
import { parseInput } from '../http/errors.ts'

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
  router.get('/auth/nonce', async (_req, res) => {
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
