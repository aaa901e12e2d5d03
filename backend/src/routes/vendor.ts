import type { VendorDataset } from '@veritree/core/api'
import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress, requireAuth } from '../auth/session.ts'
import { readBalance } from '../chain/market.ts'
import { datasetView, marketStateOf } from '../datasets/view.ts'

/** `GET /vendor/datasets`: the signed-in vendor's datasets, linked or not, with earnings. */
export function vendorRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/vendor/datasets', requireAuth, async (_req, res) => {
    const vendor = requireAddress(res)
    const datasets = await deps.store.listDatasets({ vendor })
    const views = await Promise.all(
      datasets.map(async (d) => {
        const market = await marketStateOf(deps.publicClient, d, deps.logger)
        const balance = d.link
          ? await readBalance(deps.publicClient, d.link.market, vendor).catch(() => null)
          : null
        return {
          ...datasetView(d, market),
          earnings: { withdrawable: balance?.toString() ?? null },
        } satisfies VendorDataset
      }),
    )
    res.json({ datasets: views })
  })
  return router
}
