import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress, requireAuth } from '../auth/session.ts'
import { notFound, parseInput } from '../http/errors.ts'
import { DatasetIdSchema } from '../http/params.ts'
import { limiter } from '../http/rateLimit.ts'
import { PreviewQuerySchema, preview } from '../quotes/preview.ts'

/** `POST /datasets/:id/preview`: accuracy and price before paying. */
export function previewRoutes(deps: AppDeps): Router {
  const router = Router()
  router.post(
    '/datasets/:id/preview',
    requireAuth,
    limiter(deps.rateLimits.previews, deps.rateLimits.windowMs, 'previews'),
    async (req, res) => {
      const customer = requireAddress(res)
      const { id } = parseInput(DatasetIdSchema, req.params, 'dataset id')
      const query = parseInput(PreviewQuerySchema, req.query, 'preview parameters')
      const dataset = await deps.store.getDataset(id)
      if (!dataset) throw notFound(`dataset ${id}`)
      res.json(await preview(deps, dataset, customer, query, req))
    },
  )
  return router
}
