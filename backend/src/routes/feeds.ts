import { Router } from 'express'
import { z } from 'zod'
import type { AppDeps } from '../appDeps.ts'
import { requireAddress, requireAuth } from '../auth/session.ts'
import type { DatasetRecord, FeedRecord } from '../db/index.ts'
import { feedCertificate } from '../feeds/certificate.ts'
import { uploadFeedInputs } from '../feeds/inputs.ts'
import { feedRequestView, feedView } from '../feeds/view.ts'
import { ApiError, notFound, parseInput } from '../http/errors.ts'
import { AddressSchema, Bytes32Schema } from '../http/params.ts'
import { limiter } from '../http/rateLimit.ts'

const FeedParamsSchema = z.object({ address: AddressSchema })
const RequestParamsSchema = z.object({ requestId: Bytes32Schema })
const ListQuerySchema = z.object({ owner: AddressSchema.optional() })

/**
 * Inference feeds (issue 12): the public catalogue, a feed with its request history, the inputs
 * upload (signed-in wallets), and each request's state and, once settled, its predictions.
 */
export function feedRoutes(deps: AppDeps): Router {
  const router = Router()
  const { store } = deps

  const loadFeed = async (raw: unknown): Promise<{ feed: FeedRecord; dataset: DatasetRecord }> => {
    const { address } = parseInput(FeedParamsSchema, raw, 'feed address')
    const feed = await store.getFeed(address)
    if (!feed) throw notFound(`feed ${address}`)
    const dataset = await store.getDataset(feed.datasetId)
    if (!dataset) throw new Error(`feed ${feed.address} names dataset ${feed.datasetId}, which is gone`)
    return { feed, dataset }
  }

  router.get('/feeds', async (req, res) => {
    const { owner } = parseInput(ListQuerySchema, req.query, 'feed list query')
    const feeds = await store.listFeeds(owner ? { owner } : {})
    const views = await Promise.all(
      feeds.map(async (feed) => {
        const dataset = await store.getDataset(feed.datasetId)
        if (!dataset) throw new Error(`feed ${feed.address} names dataset ${feed.datasetId}, which is gone`)
        return feedView(feed, dataset)
      }),
    )
    res.json({ feeds: views })
  })

  router.get('/feeds/:address', async (req, res) => {
    const { feed, dataset } = await loadFeed(req.params)
    const requests = await store.listFeedRequests({ feedPk: feed.pk, limit: 50 })
    res.json({
      feed: feedView(feed, dataset),
      requests: requests.map((r) => feedRequestView(r, feed, dataset)),
    })
  })

  router.post(
    '/feeds/:address/inputs',
    requireAuth,
    limiter(deps.rateLimits.uploads, deps.rateLimits.windowMs, 'uploads'),
    async (req, res) => {
      const uploader = requireAddress(res)
      const { feed, dataset } = await loadFeed(req.params)
      const answer = await uploadFeedInputs(deps, { req, uploader, feed, dataset })
      res.status(201).json(answer)
    },
  )

  router.get('/feed-requests/:requestId', async (req, res) => {
    const { requestId } = parseInput(RequestParamsSchema, req.params, 'request id')
    const request = await store.getFeedRequest(requestId)
    if (!request) throw notFound(`request ${requestId}`)
    const feed = await store.getFeedByPk(request.feedPk)
    const dataset = feed ? await store.getDataset(feed.datasetId) : null
    if (!feed || !dataset) throw new Error(`request ${requestId} has lost its feed or dataset`)
    res.json(feedRequestView(request, feed, dataset))
  })

  router.get('/feed-certificates/:requestId', async (req, res) => {
    const { requestId } = parseInput(RequestParamsSchema, req.params, 'request id')
    const request = await store.getFeedRequest(requestId)
    if (!request) throw notFound(`request ${requestId}`)
    const feed = await store.getFeedByPk(request.feedPk)
    const dataset = feed ? await store.getDataset(feed.datasetId) : null
    if (!feed || !dataset) throw new Error(`request ${requestId} has lost its feed or dataset`)
    const certificate = await feedCertificate(request, feed, dataset)
    if (!certificate)
      throw new ApiError(
        409,
        'certificate_not_ready',
        `request is ${request.state}; the certificate exists once it is done`,
        { state: request.state },
      )
    res.json(certificate)
  })

  return router
}
