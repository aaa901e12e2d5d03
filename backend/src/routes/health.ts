import type { Health } from '@veritree/core/api'
import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'

/** `GET /health`: liveness plus what the service is wired to. */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/health', async (_req, res) => {
    const imageId = await deps.imageId().catch(() => null)
    res.json({
      ok: true,
      chainId: deps.chainId,
      factory: deps.factory,
      prover: { imageId },
      zkVerify: deps.zkVerifyMode,
      hcs: deps.hcsNetwork,
      ...(deps.publicRpcUrl ? { rpcUrl: deps.publicRpcUrl } : {}),
    } satisfies Health)
  })
  return router
}
