import type { Dataset } from '@veritree/core/api'
import type { Logger } from 'pino'
import type { PublicClient } from 'viem'
import { type MarketState, readMarket } from '../chain/market.ts'
import type { DatasetRecord } from '../db/index.ts'

/** Reads the market of a linked dataset; a chain error leaves the on-chain fields null (logged). */
export async function marketStateOf(
  client: PublicClient,
  dataset: DatasetRecord,
  logger: Logger,
): Promise<MarketState | null> {
  if (!dataset.link) return null
  try {
    return await readMarket(client, dataset.link.market)
  } catch (error) {
    logger.warn({ err: error, datasetId: dataset.id }, 'reading the market failed')
    return null
  }
}

/** A dataset as the public API shows it (schema and on-chain state, never rows). */
export function datasetView(dataset: DatasetRecord, market: MarketState | null): Dataset {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description,
    vendor: dataset.vendor,
    rows: dataset.rows,
    features: dataset.features.length,
    classes: dataset.classes.length,
    schema: { features: dataset.features, classes: dataset.classes, labelColumn: dataset.labelColumn },
    commitment: dataset.commitment,
    market: dataset.link?.market ?? null,
    chainDatasetId: dataset.link?.chainDatasetId ?? null,
    price: market?.price?.toString() ?? null,
    sales: market ? Number(market.sales) : null,
    curve: market
      ? {
          kind: market.curve.kind,
          basePrice: market.curve.basePrice.toString(),
          step: market.curve.step.toString(),
        }
      : null,
    acceptingJobs: market?.acceptingJobs ?? null,
    createdAt: new Date(dataset.createdAt).toISOString(),
  }
}
