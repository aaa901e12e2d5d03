import type { SaleSummary } from '@veritree/core/api'
import { type RequestHandler, Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress, requireAuth } from '../auth/session.ts'
import { readCurvePoints } from '../chain/market.ts'
import { UploadQuerySchema, uploadDataset } from '../datasets/upload.ts'
import { datasetView, marketStateOf } from '../datasets/view.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { ApiError, notFound, parseInput } from '../http/errors.ts'
import { DatasetIdSchema } from '../http/params.ts'
import { limiter } from '../http/rateLimit.ts'

/** Each point is one on-chain read: at most 200 per request. */
export const MAX_CURVE_POINTS = 200
const CurveQuerySchema = z.object({
  points: z.coerce.number().int().min(1).max(MAX_CURVE_POINTS).default(20),
})

/** Dataset upload (vendors) and the public catalogue. */
export function datasetRoutes(deps: AppDeps, csvBodies: RequestHandler): Router {
  const router = Router()
  const { store, logger, publicClient } = deps

  router.post(
    '/datasets',
    requireAuth,
    limiter(deps.rateLimits.uploads, deps.rateLimits.windowMs, 'uploads'),
    // Rate limits are per IP and say nothing of memory: this caps what uploads (and previews) hold at once.
    csvBodies,
    async (req, res) => {
      const vendor = requireAddress(res)
      const query = parseInput(UploadQuerySchema, req.query, 'upload parameters')
      const parsed = await readCsvBody(req, { maxBytes: deps.maxUploadBytes, labelColumn: query.labelColumn })
      const dataset = await uploadDataset(deps, vendor, query, parsed)
      res.status(201).json({ dataset: datasetView(dataset, null) })
    },
  )

  router.get('/datasets', async (_req, res) => {
    const datasets = await store.listDatasets()
    const views = await Promise.all(
      datasets.map(async (d) => datasetView(d, await marketStateOf(publicClient, d, logger))),
    )
    res.json({ datasets: views })
  })

  router.get('/datasets/:id', async (req, res) => {
    const { id } = parseInput(DatasetIdSchema, req.params, 'dataset id')
    const dataset = await store.getDataset(id)
    if (!dataset) throw notFound(`dataset ${id}`)
    const jobs = await store.listJobs({ datasetId: id, state: 'done', limit: 20 })
    const recentSales = jobs.map((j) => ({
      jobId: j.jobId,
      correct: j.training?.correct ?? null,
      total: j.training?.total ?? null,
      thresholdBps: j.thresholdBps,
      met: j.training?.met ?? null,
      settlement: j.settlement?.outcome?.status ?? null,
      priceWei: j.priceWei,
      at: new Date(j.updatedAt).toISOString(),
    })) satisfies SaleSummary[]
    res.json({
      dataset: datasetView(dataset, await marketStateOf(publicClient, dataset, logger)),
      recentSales,
    })
  })

  router.get('/datasets/:id/curve', async (req, res) => {
    const { id } = parseInput(DatasetIdSchema, req.params, 'dataset id')
    const { points } = parseInput(CurveQuerySchema, req.query, 'curve query')
    const dataset = await store.getDataset(id)
    if (!dataset) throw notFound(`dataset ${id}`)
    if (!dataset.link)
      throw new ApiError(
        409,
        'not_linked',
        `dataset ${id} has no market yet (the vendor has not called DatasetFactory.createDataset)`,
      )
    const prices = await readCurvePoints(publicClient, dataset.link.market, points)
    res.json({
      market: dataset.link.market,
      points: prices.map((price, sales) => ({ sales, price: price?.toString() ?? null })),
    })
  })

  return router
}
