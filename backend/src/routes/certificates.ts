import { readFile } from 'node:fs/promises'
import { buildCertificate } from '@veritree/core/certificate'
import { Router } from 'express'
import type { AppDeps } from '../appDeps.ts'
import { saleFactsOf } from '../certificate/saleFacts.ts'
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
    if (!dataset || !quote) throw new Error(`job ${job.jobId} is done but its quote or dataset is gone`)
    const facts = saleFactsOf(job, quote, dataset)
    const proof = job.proof
    const aggregation = job.verification?.aggregation
    const settleTx = job.settlement?.tx
    const timestamp = job.attestation?.timestamp
    if ('missing' in facts || !proof || !aggregation || !settleTx || !timestamp)
      throw new ApiError(409, 'certificate_not_ready', 'this job ended without a proven, timestamped sale', {
        state: job.state,
      })
    const bundle = buildCertificate({
      sale: facts.sale,
      dataset: { id: dataset.id, name: dataset.name, chainDatasetId: dataset.link?.chainDatasetId ?? null },
      journal: proof.journal,
      receipt: {
        url: `/jobs/${job.jobId}/receipt`,
        bytes: new Uint8Array(await readFile(proof.receiptPath)),
        inline: true,
      },
      zkVerifyMode: deps.zkVerifyMode,
      aggregation,
      settleTx,
      timestamp,
      issuedAt: new Date(job.updatedAt),
    })
    res
      .type('application/json')
      .send(JSON.stringify(bundle, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
  })
  return router
}
