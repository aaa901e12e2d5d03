import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { JobRecord, Store } from '../db/index.ts'

export type JobOpenedLog = {
  chainId: number
  market: Address
  jobId: Hex
  customer: Address
  testSetHash: Hex
  thresholdBps: number
  quoteId: Hex
  price: bigint
  deadline: bigint
  blockNumber: bigint
  txHash: Hex
  logIndex: number
}

/**
 * Records a paid job if it matches a quote exactly: a known market, a quote for that market's dataset,
 * made for this customer, with the same test-set hash and threshold. Anything else is recorded as
 * ignored with the reason (the customer can reclaim the escrow on-chain after the deadline).
 * Each (chainId, market, jobId) becomes at most one job, however often the log is seen.
 */
export async function onJobOpened(
  store: Store,
  log: JobOpenedLog,
  logger: Logger,
): Promise<{ job: JobRecord } | { ignored: string }> {
  const ignore = async (reason: string) => {
    await store.recordIgnoredEvent(
      {
        chainId: log.chainId,
        address: log.market,
        event: 'JobOpened',
        txHash: log.txHash,
        logIndex: log.logIndex,
        reason,
      },
      Date.now(),
    )
    logger.warn({ market: log.market, jobId: log.jobId, tx: log.txHash }, `JobOpened ignored: ${reason}`)
    return { ignored: reason }
  }
  const dataset = await store.findDatasetByMarket(log.chainId, log.market)
  if (!dataset) return ignore(`market ${log.market.toLowerCase()} is not a known dataset's market`)
  const quote = await store.getQuote(log.quoteId)
  if (!quote) return ignore(`quote ${log.quoteId} does not exist`)
  if (quote.datasetId !== dataset.id)
    return ignore(`quote ${log.quoteId} is for dataset ${quote.datasetId}, not ${dataset.id}`)
  if (quote.customer.toLowerCase() !== log.customer.toLowerCase())
    return ignore(`quote ${log.quoteId} belongs to another customer`)
  if (quote.testSetHash.toLowerCase() !== log.testSetHash.toLowerCase())
    return ignore(`test-set hash ${log.testSetHash} differs from the quote's ${quote.testSetHash}`)
  if (quote.thresholdBps !== log.thresholdBps)
    return ignore(`threshold ${log.thresholdBps} bps differs from the quote's ${quote.thresholdBps} bps`)

  const job = await store.insertJob(
    {
      chainId: log.chainId,
      market: log.market,
      jobId: log.jobId,
      datasetId: dataset.id,
      quoteId: quote.id,
      customer: log.customer,
      testSetHash: log.testSetHash,
      thresholdBps: log.thresholdBps,
      priceWei: log.price.toString(),
      deadline: Number(log.deadline),
      openedBlock: log.blockNumber,
      openedTx: log.txHash,
    },
    Date.now(),
  )
  if (job) {
    logger.info({ jobId: log.jobId, market: log.market, datasetId: dataset.id }, 'job opened')
    return { job }
  }
  const existing = await store.getJob(log.jobId)
  if (existing && existing.openedTx.toLowerCase() === log.txHash.toLowerCase()) return { job: existing }
  return ignore(
    `job ${log.jobId} on ${log.market.toLowerCase()} was already recorded from another transaction`,
  )
}
