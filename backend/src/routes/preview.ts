import { type RequestHandler, Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress, requireAuth } from '../auth/session.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { notFound, parseInput } from '../http/errors.ts'
import { DatasetIdSchema } from '../http/params.ts'
import { limiter } from '../http/rateLimit.ts'
import { DEFAULT_PREVIEW_BUDGET, PreviewQuerySchema, preview } from '../quotes/preview.ts'

/** `POST /datasets/:id/preview`: a coarse accuracy and the price before paying (signed-in wallets only). */
export function previewRoutes(deps: AppDeps, csvBodies: RequestHandler): Router {
  const router = Router()
  router.post(
    '/datasets/:id/preview',
    requireAuth,
    limiter(deps.rateLimits.previews, deps.rateLimits.windowMs, 'previews'),
    csvBodies,
    async (req, res) => {
      const customer = requireAddress(res)
      const { id } = parseInput(DatasetIdSchema, req.params, 'dataset id')
      const query = parseInput(PreviewQuerySchema, req.query, 'preview parameters')
      const dataset = await deps.store.getDataset(id)
      if (!dataset) throw notFound(`dataset ${id}`)
      const { table } = await readCsvBody(req, {
        maxBytes: deps.maxUploadBytes,
        labelColumn: dataset.labelColumn,
        schema: { features: dataset.features, classes: dataset.classes, labelColumn: dataset.labelColumn },
      })
      // A client that hangs up stops its preview: out of the queue if waiting, the worker ended if running.
      const gone = new AbortController()
      const onClose = (): void => {
        if (!res.writableEnded) gone.abort(new Error('the client closed the connection'))
      }
      res.on('close', onClose)
      try {
        const answer = await preview(
          {
            ...deps,
            previewBudget: deps.previewBudget ?? DEFAULT_PREVIEW_BUDGET,
          },
          { dataset, customer, query, testSet: table, signal: gone.signal },
        )
        res.json(answer)
      } finally {
        res.off('close', onClose)
      }
    },
  )
  return router
}
