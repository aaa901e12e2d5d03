import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { notFound, parseInput } from '../http/errors.ts'
import { JobIdSchema } from '../http/params.ts'
import { jobView } from '../jobs/view.ts'

/** `GET /certificates/:jobId`: the public receipt certificate of a job. */
export function certificateRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/certificates/:jobId', async (req, res) => {
    const { jobId } = parseInput(JobIdSchema, req.params, 'job id')
    const job = await deps.store.getJob(jobId)
    if (!job) throw notFound(`job ${jobId}`)
    const dataset = await deps.store.getDataset(job.datasetId)
    if (!dataset) throw notFound(`dataset ${job.datasetId}`)
    if (deps.buildCertificate) {
      const certificate = await deps.buildCertificate({ job, dataset })
      res.type('application/json').send(JSON.stringify(certificate, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
      return
    }
    // Without the certificate module: the raw facts it would be built from.
    const { model: _model, ...view } = { model: null, ...jobView(job) }
    res.json({
      kind: 'veritree.job-facts',
      job: view,
      dataset: { id: dataset.id, name: dataset.name, vendor: dataset.vendor, commitment: dataset.commitment, market: dataset.link?.market ?? null },
    })
  })
  return router
}
