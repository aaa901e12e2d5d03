import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { Store } from '../db/index.ts'

export type DatasetCreatedLog = {
  chainId: number
  factory: Address
  datasetId: bigint
  vendor: Address
  market: Address
  commitment: Hex
  blockNumber: bigint
  txHash: Hex
  logIndex: number
}

/**
 * Links an uploaded dataset to its new market. Only the uploader's own DatasetCreated counts: anyone
 * can call the factory with someone else's commitment, so a stranger's event is recorded as ignored.
 * Re-processing the same log is harmless (the dataset is already linked).
 */
export async function onDatasetCreated(
  store: Store,
  log: DatasetCreatedLog,
  logger: Logger,
): Promise<'linked' | 'ignored'> {
  const dataset = await store.findUnlinkedDataset(log.vendor, log.commitment)
  if (dataset) {
    const linked = await store.linkDataset(dataset.id, {
      chainId: log.chainId,
      market: log.market,
      chainDatasetId: log.datasetId.toString(),
      block: log.blockNumber,
      txHash: log.txHash,
    })
    if (linked) {
      logger.info({ datasetId: dataset.id, market: log.market }, 'dataset linked to its market')
      return 'linked'
    }
  }
  const existing = await store.findDatasetByMarket(log.chainId, log.market)
  if (existing) return 'linked'
  const reason = `no unlinked dataset with commitment ${log.commitment} was uploaded by ${log.vendor.toLowerCase()}`
  await store.recordIgnoredEvent(
    {
      chainId: log.chainId,
      address: log.factory,
      event: 'DatasetCreated',
      txHash: log.txHash,
      logIndex: log.logIndex,
      reason,
    },
    Date.now(),
  )
  logger.warn(
    { market: log.market, vendor: log.vendor, commitment: log.commitment },
    `DatasetCreated ignored: ${reason}`,
  )
  return 'ignored'
}
