import type { JobTerms } from '@veritree/contracts/job-terms'
import type { JournalFormat } from '@veritree/core/api'
import type { Logger } from 'pino'
import type { Address, Hex } from 'viem'
import type { JobRecord, Store } from '../db/index.ts'

export type JobOpenedLog = {
  chainId: number
  market: Address
  jobId: Hex
  customer: Address
  /** The event's terms; `journalFormat` as the chain sent it (openJob accepts only 1 and 2). */
  terms: Omit<JobTerms, 'journalFormat'> & { journalFormat: number }
  verifierId: number
  price: bigint
  deadline: bigint
  blockNumber: bigint
  txHash: Hex
  logIndex: number
}

/**
 * Records a paid job on one of our datasets' markets. Money has moved, so every such job is recorded,
 * even when its terms do not match a quote: the pipeline's first step compares them with the quote and
 * refunds the customer at once (`refundUnprovable`, TERMS_MISMATCH) instead of leaving the escrow to a
 * reclaim after the deadline. A market we do not know is recorded as ignored (the watcher only reads
 * our markets, so this is a safety net). Each (chainId, market, jobId) becomes at most one job, however
 * often the log is seen.
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
  const job = await store.insertJob(
    {
      chainId: log.chainId,
      market: log.market,
      jobId: log.jobId,
      datasetId: dataset.id,
      quoteId: log.terms.quoteId,
      customer: log.customer,
      testSetHash: log.terms.testSetHash,
      thresholdBps: log.terms.thresholdBps,
      priceWei: log.price.toString(),
      deadline: Number(log.deadline),
      openedBlock: log.blockNumber,
      openedTx: log.txHash,
      terms: {
        paramsHash: log.terms.paramsHash,
        modelCommitment: log.terms.modelCommitment,
        quoteExpiresAt: Number(log.terms.quoteExpiresAt),
        verifierId: log.verifierId,
        journalFormat: journalFormatOf(log.terms.journalFormat),
      },
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

/**
 * JobTerms.journalFormat as a stored format. openJob reverts on any format but 1 and 2, so another
 * value means a market we do not understand; it is recorded as 1 would be and refused by the open step
 * (the quote never allows it), rather than dropped (money moved).
 */
function journalFormatOf(format: number): JournalFormat {
  return format === 2 ? 2 : 1
}
