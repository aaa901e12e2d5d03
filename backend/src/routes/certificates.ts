import { readFile } from 'node:fs/promises'
import { buildCertificate } from '@veritree/core/certificate'
import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { ApiError, notFound, parseInput } from '../http/errors.ts'
import { JobIdSchema } from '../http/params.ts'

/**
 * `GET /certificates/:jobId`: the public receipt certificate of a finished job. The receipt is
 * embedded, so anyone can re-check the bundle without an account.
 */
export function certificateRoutes(deps: AppDeps): Router {
  const router = Router()
  router.get('/certificates/:jobId', async (req, res) => {
    const { jobId } = parseInput(JobIdSchema, req.params, 'job id')
    const job = await deps.store.getJob(jobId)
    if (!job) throw notFound(`job ${jobId}`)
    if (job.state !== 'done')
      throw new ApiError(
        409,
        'certificate_not_ready',
        `job is ${job.state}; the certificate exists once it is done`,
        { state: job.state },
      )
    const [dataset, quote] = await Promise.all([
      deps.store.getDataset(job.datasetId),
      deps.store.getQuote(job.quoteId),
    ])
    if (
      !dataset ||
      !quote ||
      !job.receiptPath ||
      !job.modelHash ||
      !job.imageId ||
      !job.journal ||
      !job.aggregation ||
      !job.settleTx ||
      !job.timestamp
    ) {
      throw new Error(`job ${job.jobId} is done but its stored results are incomplete`)
    }
    const bundle = buildCertificate({
      dataset: {
        id: dataset.id,
        name: dataset.name,
        commitment: dataset.commitment,
        market: job.market,
        chainDatasetId: dataset.link?.chainDatasetId ?? null,
      },
      params: quote.params,
      chainId: job.chainId,
      jobId: job.jobId,
      quoteId: job.quoteId,
      testSetHash: job.testSetHash,
      thresholdBps: job.thresholdBps,
      priceWei: job.priceWei,
      modelHash: job.modelHash,
      correct: job.correct ?? 0,
      total: job.total ?? 0,
      met: job.met ?? false,
      imageId: job.imageId,
      journal: job.journal,
      receipt: {
        url: `/jobs/${job.jobId}/receipt`,
        bytes: new Uint8Array(await readFile(job.receiptPath)),
        inline: true,
      },
      zkVerifyMode: deps.zkVerifyMode,
      aggregation: job.aggregation,
      settleTx: job.settleTx,
      timestamp: job.timestamp,
      issuedAt: new Date(job.updatedAt),
    })
    res
      .type('application/json')
      .send(JSON.stringify(bundle, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  })
  return router
}
