import { readFile } from 'node:fs/promises'
import { isTerminalJobState } from '@veritree/core/api'
import { decodeModel } from '@veritree/core/canonical'
import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress } from '../auth/session.ts'
import { readChainJob } from '../chain/market.ts'
import type { JobRecord } from '../db/index.ts'
import { ApiError, forbidden, notFound, parseInput } from '../http/errors.ts'
import { JobIdSchema } from '../http/params.ts'
import { downloadRefusal, jobView } from '../jobs/view.ts'

const ListQuerySchema = z.object({
  mine: z.literal('1', { error: 'only mine=1 is supported: list your own jobs' }),
})

/** Job status, live events, and the customer's downloads. */
export function jobRoutes(deps: AppDeps): Router {
  const router = Router()
  const { store, events } = deps

  const loadJob = async (raw: unknown): Promise<JobRecord> => {
    const { jobId } = parseInput(JobIdSchema, raw, 'job id')
    const job = await store.getJob(jobId)
    if (!job) throw notFound(`job ${jobId}`)
    return job
  }
  /**
   * The job, if the signed-in wallet is its customer and the model was sold: settled on-chain with the
   * threshold met, for the journal this backend proved. The stored outcome is re-read from the market,
   * so a database that disagrees with the chain serves nothing.
   */
  const customersSoldJob = async (raw: unknown, address: string): Promise<JobRecord> => {
    const job = await loadJob(raw)
    if (job.customer.toLowerCase() !== address.toLowerCase())
      throw forbidden('only the customer who paid for this job can download it')
    const refusal = downloadRefusal(job)
    if (refusal) throw new ApiError(409, refusal.code, refusal.message, { state: job.state })
    const chain = await readChainJob(deps.publicClient, job.market, job.jobId)
    if (chain.status !== 'Settled' || chain.modelHash.toLowerCase() !== job.training?.modelHash.toLowerCase())
      throw new ApiError(409, 'job_not_settled', `the market says the job is ${chain.status}`, {
        state: job.state,
      })
    return job
  }

  router.get('/jobs', async (req, res) => {
    const customer = requireAddress(res)
    parseInput(ListQuerySchema, req.query, 'job list query')
    const jobs = await store.listJobs({ customer })
    res.json({ jobs: jobs.map(jobView) })
  })

  router.get('/jobs/:jobId', async (req, res) => {
    res.json(jobView(await loadJob(req.params)))
  })

  router.get('/jobs/:jobId/events', async (req, res) => {
    const job = await loadJob(req.params)
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    const send = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    }
    send('state', { state: job.state, error: job.error })
    if (job.progress) send('progress', job.progress)
    if (isTerminalJobState(job.state)) return void res.end()
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
    const unsubscribe = events.subscribe(job.jobId, (event) => {
      if (event.type === 'progress') return send('progress', event.progress)
      send('state', { state: event.state, error: event.error })
      if (isTerminalJobState(event.state)) close()
    })
    const close = (): void => {
      clearInterval(keepAlive)
      unsubscribe()
      res.end()
    }
    res.on('close', close)
    // The job may have moved between the read above and the subscription; re-read once.
    const fresh = await store.getJob(job.jobId)
    if (fresh && fresh.state !== job.state) {
      send('state', { state: fresh.state, error: fresh.error })
      if (isTerminalJobState(fresh.state)) close()
    }
  })

  router.get('/jobs/:jobId/model', async (req, res) => {
    const job = await customersSoldJob(req.params, requireAddress(res))
    const trained = job.training
    if (!trained) throw new Error(`job ${job.jobId} is settled but has no model`)
    const dataset = await store.getDataset(job.datasetId)
    if (
      req.query.format === 'bin' ||
      req.accepts(['application/json', 'application/octet-stream']) === 'application/octet-stream'
    ) {
      res
        .type('application/octet-stream')
        .set('Content-Disposition', `attachment; filename="model-${job.jobId.slice(2, 10)}.bin"`)
        .send(Buffer.from(trained.model))
      return
    }
    const model = decodeModel(trained.model)
    res.json({
      jobId: job.jobId,
      modelHash: trained.modelHash,
      bytes: `0x${Buffer.from(trained.model).toString('hex')}`,
      features: dataset?.features ?? null,
      classes: dataset?.classes ?? null,
      model: JSON.parse(JSON.stringify(model, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
    })
  })

  router.get('/jobs/:jobId/receipt', async (req, res) => {
    const job = await customersSoldJob(req.params, requireAddress(res))
    if (!job.proof) throw new Error(`job ${job.jobId} is settled but has no receipt`)
    const receipt = await readFile(job.proof.receiptPath)
    res
      .type('application/cbor')
      .set('Content-Disposition', `attachment; filename="receipt-${job.jobId.slice(2, 10)}.cbor"`)
      .send(receipt)
  })

  return router
}
