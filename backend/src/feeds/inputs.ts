import { FEED_MAX_COUNT, type FeedInputs } from '@veritree/core/api'
import { encodeInputs, inputsHash } from '@veritree/core/canonical'
import { TEST_SET_LIMITS } from '@veritree/core/csv'
import type { Request } from 'express'
import type { Address } from 'viem'
import type { AppDeps } from '../appDeps.ts'
import type { DatasetRecord, FeedRecord } from '../db/index.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { ApiError } from '../http/errors.ts'
import { DEFAULT_FEED_INPUTS_LIMITS, INPUTS_SWEEP_INTERVAL_MS } from './limits.ts'
import { feedStateOf } from './view.ts'

/**
 * Reads a feed's inputs CSV (the dataset's feature columns, no label, at most MAX_COUNT rows), stores
 * its canonical bytes under their hash and answers what to pass to `requestPredictions`. Requests
 * already paid for exactly these rows start proving now. Nothing is stored for a refused file, nor
 * when the wallet already holds its quota of inputs no request names (429 `feed_inputs_quota`), nor
 * for a feed closed to new requests unless a paid request waits for these rows (409 `feed_closed`).
 */
export async function uploadFeedInputs(
  deps: Pick<AppDeps, 'store' | 'publicClient' | 'logger' | 'maxUploadBytes' | 'feedInputs'>,
  input: { req: Request; uploader: Address; feed: FeedRecord; dataset: DatasetRecord },
): Promise<FeedInputs> {
  const { dataset } = input
  const limits = deps.feedInputs ?? DEFAULT_FEED_INPUTS_LIMITS
  const { table: rows } = await readCsvBody(input.req, {
    maxBytes: deps.maxUploadBytes,
    labelColumn: dataset.labelColumn,
    schema: { features: dataset.features, classes: dataset.classes, labelColumn: dataset.labelColumn },
    labeled: false,
    // One request settles at most MAX_COUNT predictions (the contract's calldata/storage bound).
    limits: { ...TEST_SET_LIMITS, minRows: 1, maxRows: FEED_MAX_COUNT },
  })
  const bytes = encodeInputs(rows)
  const hash = inputsHash(bytes)
  // The chain's word on price and state when it answers (the record may be a few blocks behind).
  const state = await feedStateOf(deps.publicClient, input.feed, deps.logger)
  const now = Date.now()
  const result = await deps.store.putFeedInputs(
    { feedPk: input.feed.pk, inputsHash: hash, uploader: input.uploader, rows: rows.rows, inputs: bytes },
    now,
    {
      quota: limits,
      acceptingRequests: state?.acceptingRequests ?? input.feed.acceptingRequests,
    },
  )
  if (!result.stored) {
    if (result.refused === 'closed')
      throw new ApiError(
        409,
        'feed_closed',
        `feed ${input.feed.address} is paused by its owner and takes no new requests; nothing was stored`,
      )
    const minutes = Math.round(limits.graceMs / 60_000)
    throw new ApiError(
      429,
      'feed_inputs_quota',
      `this wallet already holds ${result.held.count} uploaded inputs (${result.held.bytes} bytes) that no pending request names; ` +
        `the limit is ${limits.maxPerWallet} uploads and ${limits.maxBytesPerWallet} bytes. Pay for them, or wait: ` +
        `inputs nobody pays for are deleted ${minutes} min after their upload. Nothing was stored`,
      {
        held: result.held,
        // When the sweep that follows the oldest one's expiry has run.
        retryAfterSeconds: Math.max(
          1,
          Math.ceil((result.oldestAt + limits.graceMs + INPUTS_SWEEP_INTERVAL_MS - now) / 1000),
        ),
      },
    )
  }
  if (result.released.length > 0)
    deps.logger.info(
      { feed: input.feed.address, inputsHash: hash, requests: result.released.length },
      'inputs released requests',
    )
  const perPrediction = state?.pricePerPrediction ?? BigInt(input.feed.priceWei)
  return {
    feed: input.feed.address,
    inputsHash: hash,
    count: rows.rows,
    pricePerPrediction: perPrediction.toString(),
    price: (perPrediction * BigInt(rows.rows)).toString(),
  }
}
