import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { type Hex, TransactionReceiptNotFoundError } from 'viem'
import { jobSettledEvent } from '../../chain/events.ts'
import { type ChainJob, readChainJob } from '../../chain/market.ts'
import type { JobRecord, SettlementOutcome, SettlementResult } from '../../db/index.ts'
import type { PipelineDeps, StepContext, StepOutcome } from '../deps.ts'
import { PermanentJobError } from '../errors.ts'
import { chainEndOutcome } from './chainEnd.ts'

/**
 * settling → attesting: calls `DatasetMarket.settle(jobId, journal, modelSalt, proof)`.
 * Checks first, then acts, so a retry after a crash (or a settle someone else sent) never pays twice:
 * - the market's job is already Settled/Refunded → record what the chain says (including whether the
 *   settled journal is ours) and move on;
 * - a stored settle transaction is looked up: pending → wait for it; reverted → not settled, send again;
 * - the job ended otherwise (reclaimed by the customer, refunded as unprovable) → `refunded`.
 */
export async function settleStep(context: StepContext): Promise<StepOutcome> {
  const { deps, job, holder, progress } = context
  const proof = job.proof
  const aggregation = job.verification?.aggregation
  if (!proof || !aggregation || !job.training)
    throw new PermanentJobError('the job reached settling without a journal and aggregation proof')
  const before = await readChainJob(deps.publicClient, job.market, job.jobId)
  const done = await settledOutcome(context, before)
  if (done) return done

  const stored = job.settlement?.tx
  if (stored) {
    const receipt = await deps.publicClient
      .getTransactionReceipt({ hash: stored })
      .catch((error: unknown) => {
        if (error instanceof TransactionReceiptNotFoundError) return null
        throw error
      })
    if (receipt === null) {
      // Sent but not mined (or dropped): wait for it once more before deciding anything.
      const mined = await deps.publicClient
        .waitForTransactionReceipt({ hash: stored, timeout: 120_000 })
        .catch(() => null)
      const after = await readChainJob(deps.publicClient, job.market, job.jobId)
      const outcome = await settledOutcome(context, after)
      if (outcome) return outcome
      if (!mined) throw new Error(`settle transaction ${stored} is not mined yet`)
    }
    // Mined and the job is still Open: the transaction reverted (or settled nothing). Send a new one.
    deps.logger.warn(
      { jobId: job.jobId, tx: stored },
      'stored settle transaction did not settle the job; resending',
    )
  }

  const terms = await deps.store.getQuoteTerms(job.quoteId)
  if (!terms?.modelSalt) throw new PermanentJobError('the quote of this job has no model salt')
  progress({ phase: 'settling', message: 'sending DatasetMarket.settle' })
  const { request } = await deps.publicClient.simulateContract({
    account: deps.walletClient.account,
    address: job.market,
    abi: datasetMarketAbi,
    functionName: 'settle',
    args: [
      job.jobId,
      proof.journal,
      terms.modelSalt,
      {
        domainId: aggregation.domainId,
        aggregationId: aggregation.aggregationId,
        merklePath: aggregation.merklePath,
        leafCount: aggregation.leafCount,
        index: aggregation.index,
      },
    ],
  })
  const hash = await deps.walletClient.writeContract(request)
  // Written before waiting: if we crash now, the retry finds the tx hash and checks its receipt.
  await deps.store.patchJob(job.pk, holder, { settlement: { tx: hash, outcome: null } }, Date.now())
  const receipt = await deps.publicClient.waitForTransactionReceipt({ hash, timeout: 120_000 })
  if (receipt.status !== 'success') throw new Error(`settle transaction ${hash} reverted`)
  const after = await readChainJob(deps.publicClient, job.market, job.jobId)
  const outcome = await settledOutcome(context, after)
  if (!outcome) throw new Error(`settle transaction ${hash} was mined but the job is still ${after.status}`)
  return outcome
}

/** The step's result when the chain already ended the job, else null (still Open). */
async function settledOutcome(context: StepContext, chain: ChainJob): Promise<StepOutcome | null> {
  const { deps, job } = context
  if (chain.status === 'Open') return null
  if (chain.status === 'Settled' || chain.status === 'Refunded') {
    const settlement = await readSettlement(deps, job, chain.status)
    return {
      next: 'attesting',
      patch: { settlement },
      note: `on-chain status ${chain.status} (tx ${settlement.tx})`,
    }
  }
  return chainEndOutcome(job, chain.status)
}

/**
 * What the market's JobSettled event says about a settled job, and whether the journal it settled is
 * the one this backend proved (same model, score and outcome as training).
 */
export async function readSettlement(
  deps: PipelineDeps,
  job: JobRecord,
  status: 'Settled' | 'Refunded',
): Promise<SettlementResult> {
  const event = await findSettledEvent(deps, job)
  const trained = job.training
  const outcome: SettlementOutcome = {
    status,
    met: event.met,
    modelHash: event.modelHash,
    correct: event.correct,
    total: event.total,
    ownJournal:
      !!trained &&
      trained.modelHash.toLowerCase() === event.modelHash.toLowerCase() &&
      trained.correct === event.correct &&
      trained.total === event.total &&
      trained.met === event.met,
  }
  if (!outcome.ownJournal)
    deps.logger.error(
      { jobId: job.jobId, outcome },
      'the job was settled with a journal this backend did not prove',
    )
  return { tx: event.tx, outcome }
}

async function findSettledEvent(
  deps: PipelineDeps,
  job: JobRecord,
): Promise<{
  tx: Hex
  met: boolean
  modelHash: Hex
  correct: number
  total: number
}> {
  const logs = await deps.publicClient.getLogs({
    address: job.market,
    event: jobSettledEvent,
    args: { jobId: job.jobId },
    fromBlock: job.openedBlock,
    toBlock: 'latest',
    strict: true,
  })
  const log = logs[0]
  if (!log) throw new Error(`job ${job.jobId} is settled on-chain but no JobSettled event was found`)
  return {
    tx: log.transactionHash,
    met: log.args.met,
    modelHash: log.args.modelHash,
    correct: Number(log.args.correct),
    total: Number(log.args.total),
  }
}
