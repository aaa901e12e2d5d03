/**
 * Checks of a sale certificate against the settlement chain, through any viem PublicClient (an RPC URL
 * in the CLI, the wallet's chain in the browser), and the rules a prediction certificate's chain checks
 * share with them (feedChainChecks.ts). Browser-safe.
 */

import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { MARKET_JOB_STATUS } from '@veritree/core/api'
import type { CertificateBundle, StatedAggregation } from '@veritree/core/certificate'
import { type Check, expect, paramsHashOf, runCheck } from '@veritree/core/certificate'
import {
  type Address,
  decodeEventLog,
  decodeFunctionData,
  type Hex,
  isAddressEqual,
  type PublicClient,
} from 'viem'

/** Case-insensitive equality of hex strings (addresses, hashes) and decimal strings. */
export const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** The rule of `chain.network`, for any certificate: the RPC serves the certificate's chain. */
export async function chainIdIs(chainId: number, client: PublicClient): Promise<string> {
  const served = await client.getChainId()
  expect(served === chainId, `the RPC serves chain ${served}, the certificate names chain ${chainId}`)
  return `chain id ${served}`
}

/** A zkVerify aggregation as both certificates state it. */
export type StatedOnChainAggregation = StatedAggregation & {
  domainId: string
  aggregationId: string
  aggregationContract: Address
}

/**
 * The rule of `chain.aggregation`: the aggregation contract holds the stated root, and
 * verifyProofAggregation accepts the statement's path.
 */
export async function aggregationPostedOnChain(
  z: StatedOnChainAggregation,
  client: PublicClient,
): Promise<string> {
  const [domainId, aggregationId] = [BigInt(z.domainId), BigInt(z.aggregationId)]
  const posted = await client.readContract({
    address: z.aggregationContract,
    abi: zkVerifyAggregationAbi,
    functionName: 'proofsAggregations',
    args: [domainId, aggregationId],
  })
  expect(
    eq(posted, z.root),
    `${z.aggregationContract} holds root ${posted} for domain ${domainId}, aggregation ${aggregationId}; certificate says ${z.root}`,
  )
  const accepted = await client.readContract({
    address: z.aggregationContract,
    abi: zkVerifyAggregationAbi,
    functionName: 'verifyProofAggregation',
    args: [domainId, aggregationId, z.statement, [...z.merklePath], BigInt(z.leafCount), BigInt(z.index)],
  })
  expect(accepted, `verifyProofAggregation rejected the statement's path`)
  return `root ${posted} posted at ${z.aggregationContract} (domain ${domainId}, aggregation ${aggregationId}); verifyProofAggregation → true`
}

/** The aggregation-proof argument of a settle call (markets and feeds take the same struct). */
type SettledProof = {
  domainId: bigint
  aggregationId: bigint
  merklePath: readonly Hex[]
  leafCount: bigint
  index: bigint
}

/** The names of the aggregation-proof fields a settle call carried that differ from the stated ones. */
export function settledProofMismatches(proof: SettledProof, z: StatedOnChainAggregation): string[] {
  return [
    ['domainId', proof.domainId.toString(), z.domainId],
    ['aggregationId', proof.aggregationId.toString(), z.aggregationId],
    ['merklePath', proof.merklePath.join(','), z.merklePath.join(',')],
    ['leafCount', proof.leafCount.toString(), z.leafCount],
    ['index', proof.index.toString(), z.index],
  ]
    .filter(([, a, b]) => !eq(String(a), String(b)))
    .map(([name]) => String(name))
}

/** The image id of a factory's verifier config (the one a job or request was opened under). */
export async function verifierImageId(
  client: PublicClient,
  factory: Address,
  verifierId: number,
): Promise<Hex> {
  const verifier = await client.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'verifierConfig',
    args: [verifierId],
  })
  return verifier.imageId
}

export function checkChainId(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.network', () => chainIdIs(bundle.job.chainId, client))
}

export function checkAggregationOnChain(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.aggregation', () => aggregationPostedOnChain(bundle.zkVerify, client))
}

export function checkSettlement(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.settlement', async () => {
    const { txHash } = bundle.settlement
    const market = bundle.dataset.market
    const [tx, receipt] = await Promise.all([
      client.getTransaction({ hash: txHash }),
      client.getTransactionReceipt({ hash: txHash }),
    ])
    expect(receipt.status === 'success', `transaction ${txHash} reverted`)
    expect(
      tx.to !== null && isAddressEqual(tx.to, market),
      `transaction ${txHash} was sent to ${tx.to}, not the market ${market}`,
    )
    const call = decodeFunctionData({ abi: datasetMarketAbi, data: tx.input })
    expect(call.functionName === 'settle', `transaction ${txHash} called ${call.functionName}, not settle`)
    const [jobId, journal, , proof] = call.args
    const mismatches = [
      ...(eq(jobId, bundle.job.jobId) ? [] : ['jobId']),
      ...(eq(journal, bundle.proof.journal) ? [] : ['journal']),
      ...settledProofMismatches(proof, bundle.zkVerify),
    ]
    expect(mismatches.length === 0, `settle was called with another ${mismatches.join(', ')}`)
    const settled = receipt.logs
      .filter((log) => isAddressEqual(log.address, market))
      .map((log) => {
        try {
          return decodeEventLog({
            abi: datasetMarketAbi,
            eventName: 'JobSettled',
            data: log.data,
            topics: log.topics,
          })
        } catch {
          return undefined
        }
      })
      .find((event) => event !== undefined && eq(event.args.jobId, bundle.job.jobId))
    expect(
      settled !== undefined,
      `transaction ${txHash} emitted no JobSettled for job ${bundle.job.jobId} from ${market}`,
    )
    const { met, correct, total, modelHash } = settled.args
    expect(
      met === bundle.job.met &&
        correct === bundle.job.correct &&
        total === bundle.job.total &&
        eq(modelHash, bundle.job.modelHash),
      `JobSettled says met=${met}, ${correct}/${total}, model ${modelHash}; certificate says met=${bundle.job.met}, ${bundle.job.correct}/${bundle.job.total}, model ${bundle.job.modelHash}`,
    )
    return `settle(jobId, journal, model salt, aggregation proof) in block ${receipt.blockNumber}; JobSettled met=${met}, ${correct}/${total}, model ${modelHash}`
  })
}

export function checkJobOnChain(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.job', async () => {
    const job = await client.readContract({
      address: bundle.dataset.market,
      abi: datasetMarketAbi,
      functionName: 'getJob',
      args: [bundle.job.jobId],
    })
    const status = MARKET_JOB_STATUS[job.status] ?? `#${job.status}`
    // The image the job is verified against is the one recorded at openJob, not the factory's current one.
    const factory = await client.readContract({
      address: bundle.dataset.market,
      abi: datasetMarketAbi,
      functionName: 'factory',
    })
    const imageId = await verifierImageId(client, factory, job.verifierId)
    const wantStatus = bundle.job.met ? 'Settled' : 'Refunded'
    const mismatches = [
      ['status', status, wantStatus],
      ['testSetHash', job.testSetHash, bundle.job.testSetHash],
      ['thresholdBps', String(job.thresholdBps), String(bundle.job.thresholdBps)],
      ['quoteId', job.quoteId, bundle.job.quoteId],
      ['price', job.price.toString(), bundle.job.priceWei],
      ['modelHash', job.modelHash, bundle.job.modelHash],
      ['paramsHash', job.paramsHash, paramsHashOf(bundle.parameters)],
      ['paramsHash', job.paramsHash, bundle.job.paramsHash],
      ['journalFormat', String(job.journalFormat), String(bundle.job.journalFormat)],
      ['imageId', imageId, bundle.proof.imageId],
    ]
      .filter(([, a, b]) => !eq(a, b))
      .map(([name, a, b]) => `${name}: chain ${a}, certificate ${b}`)
    expect(mismatches.length === 0, mismatches.join('; '))
    return `job ${status}, customer ${job.customer}, price ${job.price} wei, journal format ${job.journalFormat}, model ${job.modelHash} and parameters ${job.paramsHash} bound at openJob`
  })
}

export function checkDatasetOnChain(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.dataset', async () => {
    const { market, commitment, chainDatasetId } = bundle.dataset
    const onChain = await client.readContract({
      address: market,
      abi: datasetMarketAbi,
      functionName: 'commitment',
    })
    expect(
      eq(onChain, commitment),
      `market ${market} holds commitment ${onChain}, certificate says ${commitment}`,
    )
    if (chainDatasetId === undefined) return `commitment ${onChain}`
    const factory = await client.readContract({
      address: market,
      abi: datasetMarketAbi,
      functionName: 'factory',
    })
    const listed = await client.readContract({
      address: factory,
      abi: datasetFactoryAbi,
      functionName: 'datasetAt',
      args: [BigInt(chainDatasetId)],
    })
    expect(
      isAddressEqual(listed, market),
      `factory ${factory} lists ${listed} as dataset ${chainDatasetId}, not ${market}`,
    )
    return `commitment ${onChain}; dataset ${chainDatasetId} of factory ${factory}`
  })
}

/** Every chain check, in report order. */
export function chainChecks(bundle: CertificateBundle, client: PublicClient): Promise<Check>[] {
  return [
    checkChainId(bundle, client),
    checkAggregationOnChain(bundle, client),
    checkSettlement(bundle, client),
    checkJobOnChain(bundle, client),
    checkDatasetOnChain(bundle, client),
  ]
}
