import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { TransactionReceiptNotFoundError } from 'viem'
import { readChainJob } from '../../chain/market.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'
import { chainEndOutcome } from './chainEnd.ts'

/**
 * refunding → refunded: the job can never be proven, so the customer gets the full price back at once
 * through `refundUnprovable(jobId, reason)` (operator only; credited for `withdraw()`).
 * Checks first, then acts, like settle: the market's job status decides, a stored refund transaction
 * is looked up before a new one is sent, and one that reverted is not taken as a refund.
 */
export const refundStep: Step = async ({ deps, job, holder, progress }) => {
  const refund = job.refund
  if (!refund) throw new PermanentJobError('the job reached refunding without a reason')
  const before = await readChainJob(deps.publicClient, job.market, job.jobId)
  const ended = chainEndOutcome(job, before.status)
  if (ended) return ended
  if (before.status !== 'Open')
    throw new PermanentJobError(`the market's job is ${before.status}; it cannot be refunded as unprovable`)

  if (refund.tx) {
    const receipt = await deps.publicClient
      .getTransactionReceipt({ hash: refund.tx })
      .catch((error: unknown) =>
        error instanceof TransactionReceiptNotFoundError ? null : Promise.reject(error),
      )
    if (receipt === null) {
      await deps.publicClient
        .waitForTransactionReceipt({ hash: refund.tx, timeout: 120_000 })
        .catch(() => null)
      const after = await readChainJob(deps.publicClient, job.market, job.jobId)
      const outcome = chainEndOutcome(job, after.status)
      if (outcome) return outcome
      throw new Error(`refund transaction ${refund.tx} is not mined yet`)
    }
    deps.logger.warn(
      { jobId: job.jobId, tx: refund.tx },
      'stored refund transaction did not refund the job; resending',
    )
  }

  progress({ phase: 'refunding', message: 'refunding the customer in full (refundUnprovable)' })
  const { request } = await deps.publicClient.simulateContract({
    account: deps.walletClient.account,
    address: job.market,
    abi: datasetMarketAbi,
    functionName: 'refundUnprovable',
    args: [job.jobId, refund.reason],
  })
  const hash = await deps.walletClient.writeContract(request)
  await deps.store.patchJob(job.pk, holder, { refund: { ...refund, tx: hash } }, Date.now())
  const receipt = await deps.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
  if (receipt.status !== 'success') throw new Error(`refund transaction ${hash} reverted`)
  const after = await readChainJob(deps.publicClient, job.market, job.jobId)
  const outcome = chainEndOutcome({ ...job, refund: { ...refund, tx: hash } }, after.status)
  if (!outcome) throw new Error(`refund transaction ${hash} was mined but the job is still ${after.status}`)
  return outcome
}
