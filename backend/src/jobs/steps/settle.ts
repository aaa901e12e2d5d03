import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { getAbiItem, type Hex } from 'viem'
import { readChainJob } from '../../chain/market.ts'
import type { Step, StepContext, StepOutcome } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'

/**
 * settling → attesting: calls DatasetMarket.settle with the journal and the aggregation proof.
 * Reads the job on-chain first, so a retry after a crash (or a settle someone else sent) never pays
 * twice: an already settled or refunded job is recorded and the pipeline moves on.
 */
export const settleStep: Step = async (context) => {
  const { deps, job, holder, progress } = context
  if (!job.journal || !job.aggregation)
    throw new PermanentJobError('the job reached settling without a journal and aggregation proof')
  const before = await readChainJob(deps.publicClient, job.market, job.jobId)
  if (before.status === 'Settled' || before.status === 'Refunded') {
    // Settled by an earlier attempt (or by anyone else: settle is permissionless); find its transaction.
    const settleTx = job.settleTx ?? (await findSettleTx(context))
    return outcomeFor(before.status, settleTx) as StepOutcome
  }
  outcomeFor(before.status, null)

  progress({ phase: 'settling', message: 'sending DatasetMarket.settle' })
  const a = job.aggregation
  const { request } = await deps.publicClient.simulateContract({
    account: deps.walletClient.account,
    address: job.market,
    abi: datasetMarketAbi,
    functionName: 'settle',
    args: [job.jobId, job.journal, a.domainId, a.aggregationId, a.merklePath, a.leafCount, a.index],
  })
  const hash = await deps.walletClient.writeContract(request)
  // Written before waiting: if we crash now, the retry finds the tx hash and the on-chain status.
  await deps.store.patchJob(job.pk, holder, { settleTx: hash }, Date.now())
  const receipt = await deps.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
  if (receipt.status !== 'success') throw new Error(`settle transaction ${hash} reverted`)
  const after = await readChainJob(deps.publicClient, job.market, job.jobId)
  return outcomeFor(after.status, hash) ?? fail(context, after.status)
}

function outcomeFor(status: string, settleTx: Hex | null): StepOutcome | null {
  if (status === 'Settled' || status === 'Refunded') {
    return {
      next: 'attesting',
      patch: { settlement: status, ...(settleTx ? { settleTx } : {}) },
      note: `on-chain status ${status}`,
    }
  }
  if (status === 'Reclaimed')
    throw new PermanentJobError('the customer reclaimed the escrow after the deadline; nothing to settle')
  if (status === 'None') throw new PermanentJobError('the market does not know this job')
  return null
}

async function findSettleTx({ deps, job }: StepContext): Promise<Hex> {
  const logs = await deps.publicClient.getLogs({
    address: job.market,
    event: getAbiItem({ abi: datasetMarketAbi, name: 'JobSettled' }),
    args: { jobId: job.jobId },
    fromBlock: job.openedBlock,
    toBlock: 'latest',
    strict: true,
  })
  const log = logs[0]
  if (!log) throw new Error(`job ${job.jobId} is settled on-chain but no JobSettled event was found`)
  return log.transactionHash
}

function fail(_context: StepContext, status: string): never {
  throw new Error(`settle was mined but the job is still ${status}`)
}
