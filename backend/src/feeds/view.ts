import { FEED_MAX_COUNT, type FeedRequestView, type FeedView } from '@veritree/core/api'
import type { Logger } from 'pino'
import type { PublicClient } from 'viem'
import { type FeedState, readFeed } from '../chain/feed.ts'
import type { DatasetRecord, FeedRecord, FeedRequestRecord } from '../db/index.ts'
import { aggregationView, timestampView } from '../jobs/view.ts'

/**
 * The feed's state on the chain right now, or null (logged) when the chain cannot be read. Only the
 * upload answer uses it (the price to pay now); the views show the recorded state, which the watcher
 * keeps current from the feed's events.
 */
export async function feedStateOf(
  client: PublicClient,
  feed: FeedRecord,
  logger: Logger,
): Promise<FeedState | null> {
  try {
    return await readFeed(client, feed.address)
  } catch (error) {
    logger.warn({ err: error, feed: feed.address }, 'reading the feed failed')
    return null
  }
}

/**
 * A feed as the public API shows it: its model's hash and sale, never the model. Its price and whether it
 * takes requests are the recorded ones (the listing, then the owner's PriceUpdated and
 * AcceptingRequestsUpdated as the watcher read them): no chain read per feed per page.
 */
export function feedView(feed: FeedRecord, dataset: DatasetRecord): FeedView {
  return {
    address: feed.address,
    chainId: feed.chainId,
    market: feed.market,
    saleJobId: feed.saleJobId,
    saleCertificate: `/certificates/${feed.saleJobId}`,
    owner: feed.owner,
    modelHash: feed.modelHash,
    pricePerPrediction: feed.priceWei,
    acceptingRequests: feed.acceptingRequests,
    royaltyBps: feed.royaltyBps,
    datasetId: dataset.id,
    features: dataset.features,
    classes: dataset.classes,
    maxCount: FEED_MAX_COUNT,
    createdTx: feed.createdTx,
    createdAt: new Date(feed.createdAt).toISOString(),
  }
}

/** Class indices of canonical predictions (count × u16 little-endian). */
export function predictionClasses(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return Array.from({ length: bytes.length / 2 }, (_, i) => view.getUint16(i * 2, true))
}

/**
 * A request as `GET /feed-requests/:requestId` shows it. The journal and the predictions appear once
 * the request is settled: from then on they are public on-chain anyway (`predictionsOf`). The inputs
 * themselves are never shown, to anyone: only their hash.
 */
export function feedRequestView(
  request: FeedRequestRecord,
  feed: FeedRecord,
  dataset: DatasetRecord,
): FeedRequestView {
  const settled = request.settlement?.outcome?.status === 'Settled'
  const proof = request.proof
  const a = request.verification?.aggregation ?? null
  const timestamp = request.attestation?.timestamp ?? null
  const predictions = settled && proof ? Buffer.from(proof.predictions.slice(2), 'hex') : null
  const classes = predictions ? predictionClasses(predictions) : null
  return {
    requestId: request.requestId,
    feed: feed.address,
    customer: request.customer,
    inputsHash: request.inputsHash,
    count: request.count,
    priceWei: request.priceWei,
    deadline: request.deadline,
    state: request.state,
    error: request.error,
    openedTx: request.openedTx,
    createdAt: new Date(request.createdAt).toISOString(),
    updatedAt: new Date(request.updatedAt).toISOString(),
    proof: settled && proof ? { imageId: proof.imageId, journal: proof.journal } : null,
    predictions:
      proof && classes
        ? {
            bytes: proof.predictions,
            classes,
            labels: classes.map((c) => dataset.classes[c] ?? `#${c}`),
          }
        : null,
    aggregation: a ? aggregationView(a) : null,
    settleTx: request.settlement?.tx ?? null,
    timestamp: timestamp ? timestampView(timestamp) : null,
    certificate: request.state === 'done' ? `/feed-certificates/${request.requestId}` : null,
    refund: request.refund
      ? { reason: request.refund.reason, tx: request.refund.tx, status: request.refund.status }
      : null,
  }
}
