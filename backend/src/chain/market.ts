import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { MARKET_JOB_STATUS, type MarketJobStatus } from '@veritree/core/api'
import type { Address, Hex, PublicClient } from 'viem'

/** On-chain job status names, in the contract's enum order. */
export type ChainJobStatus = MarketJobStatus

export type ChainCurve = { kind: 'linear' | 'exponential'; basePrice: bigint; step: bigint }

/** What a market contract says about itself right now. */
export type MarketState = {
  /** Price of the next sale in wei, or null when the curve has passed its bound. */
  price: bigint | null
  sales: bigint
  curve: ChainCurve
  acceptingJobs: boolean
}

/**
 * Reads a market's price, sales count, curve and whether it accepts jobs, in one multicall-free batch.
 *
 * @example
 * const state = await readMarket(publicClient, market)
 */
export async function readMarket(client: PublicClient, market: Address): Promise<MarketState> {
  const [sales, curve, acceptingJobs] = await Promise.all([
    client.readContract({ address: market, abi: datasetMarketAbi, functionName: 'sales' }),
    client.readContract({ address: market, abi: datasetMarketAbi, functionName: 'curve' }),
    client.readContract({ address: market, abi: datasetMarketAbi, functionName: 'acceptingJobs' }),
  ])
  const price = await client
    .readContract({ address: market, abi: datasetMarketAbi, functionName: 'price' })
    .catch(() => null)
  return {
    price,
    sales: BigInt(sales),
    curve: {
      kind: curve.kind === 0 ? 'linear' : 'exponential',
      basePrice: curve.basePrice,
      step: curve.step,
    },
    acceptingJobs,
  }
}

/** Prices of sale number 0..points-1 (null past the curve's bound). */
export async function readCurvePoints(
  client: PublicClient,
  market: Address,
  points: number,
): Promise<Array<bigint | null>> {
  return Promise.all(
    Array.from({ length: points }, (_, n) =>
      client
        .readContract({ address: market, abi: datasetMarketAbi, functionName: 'priceAt', args: [BigInt(n)] })
        .catch(() => null),
    ),
  )
}

/** A job as the market stores it (terms bound at openJob; `modelHash` is zero until settle). */
export type ChainJob = {
  status: ChainJobStatus
  customer: Address
  price: bigint
  deadline: bigint
  testSetHash: Hex
  thresholdBps: number
  quoteId: Hex
  paramsHash: Hex
  modelCommitment: Hex
  verifierId: number
  /** JobTerms.journalFormat: the journal format settle accepts for this job. */
  journalFormat: number
  modelHash: Hex
}

/**
 * Reads `DatasetMarket.getJob`.
 *
 * @example
 * const job = await readChainJob(publicClient, market, jobId) // { status: 'Open', … }
 */
export async function readChainJob(client: PublicClient, market: Address, jobId: Hex): Promise<ChainJob> {
  const job = await client.readContract({
    address: market,
    abi: datasetMarketAbi,
    functionName: 'getJob',
    args: [jobId],
  })
  const status = MARKET_JOB_STATUS[Number(job.status)]
  if (!status) throw new Error(`market ${market} returned unknown job status ${job.status}`)
  return {
    status,
    customer: job.customer,
    price: BigInt(job.price),
    deadline: BigInt(job.deadline),
    testSetHash: job.testSetHash,
    thresholdBps: Number(job.thresholdBps),
    quoteId: job.quoteId,
    paramsHash: job.paramsHash,
    modelCommitment: job.modelCommitment,
    verifierId: Number(job.verifierId),
    journalFormat: Number(job.journalFormat),
    modelHash: job.modelHash,
  }
}

/** The verifier config a job is verified against (recorded on the job at openJob). */
export async function readVerifierConfig(
  client: PublicClient,
  factory: Address,
  verifierId: number,
): Promise<{ imageId: Hex; zkVerify: Address; domainId: bigint }> {
  const config = await client.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'verifierConfig',
    args: [verifierId],
  })
  return { imageId: config.imageId, zkVerify: config.zkVerify, domainId: BigInt(config.domainId) }
}

/** Withdrawable balance of `account` in a market (vendor earnings, refunds). */
export async function readBalance(client: PublicClient, market: Address, account: Address): Promise<bigint> {
  return client.readContract({
    address: market,
    abi: datasetMarketAbi,
    functionName: 'balances',
    args: [account],
  })
}
