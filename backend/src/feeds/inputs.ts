import { FEED_MAX_COUNT, type FeedInputs } from '@veritree/core/api'
import { encodeInputs, inputsHash } from '@veritree/core/canonical'
import { TEST_SET_LIMITS } from '@veritree/core/csv'
import type { Request } from 'express'
import type { Address } from 'viem'
import type { AppDeps } from '../appDeps.ts'
import type { DatasetRecord, FeedRecord } from '../db/index.ts'
import { readCsvBody } from '../http/csvBody.ts'
import { feedStateOf } from './view.ts'

/**
 * Reads a feed's inputs CSV (the dataset's feature columns, no label, at most MAX_COUNT rows), stores
 * its canonical bytes under their hash and answers what to pass to `requestPredictions`. Requests
 * already paid for exactly these rows start proving now. Nothing is stored for a refused file.
 */
export async function uploadFeedInputs(
  deps: Pick<AppDeps, 'store' | 'publicClient' | 'logger' | 'maxUploadBytes'>,
  input: { req: Request; uploader: Address; feed: FeedRecord; dataset: DatasetRecord },
): Promise<FeedInputs> {
  const { dataset } = input
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
  const released = await deps.store.putFeedInputs(
    { feedPk: input.feed.pk, inputsHash: hash, uploader: input.uploader, rows: rows.rows, inputs: bytes },
    Date.now(),
  )
  if (released.length > 0)
    deps.logger.info(
      { feed: input.feed.address, inputsHash: hash, requests: released.length },
      'inputs released requests',
    )
  const state = await feedStateOf(deps.publicClient, input.feed, deps.logger)
  const perPrediction = state?.pricePerPrediction ?? BigInt(input.feed.priceWei)
  return {
    feed: input.feed.address,
    inputsHash: hash,
    count: rows.rows,
    pricePerPrediction: perPrediction.toString(),
    price: (perPrediction * BigInt(rows.rows)).toString(),
  }
}
