/**
 * Checks against the settlement chain, through any viem PublicClient (an RPC URL in the CLI, the
 * wallet's chain in the browser). Browser-safe.
 */

import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { MARKET_JOB_STATUS } from '@veritree/core/api'
import type { CertificateBundle } from '@veritree/core/certificate'
import { type Check, expect, paramsHashOf, runCheck } from '@veritree/core/certificate'
import { decodeEventLog, decodeFunctionData, isAddressEqual, type PublicClient } from 'viem'

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export function checkChainId(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.network', async () => {
    const chainId = await client.getChainId()
    expect(
      chainId === bundle.job.chainId,
      `the RPC serves chain ${chainId}, the certificate names chain ${bundle.job.chainId}`,
    )
    return `chain id ${chainId}`
  })
}

export function checkAggregationOnChain(bundle: CertificateBundle, client: PublicClient): Promise<Check> {
  return runCheck('chain.aggregation', async () => {
    const z = bundle.zkVerify
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
      args: [domainId, aggregationId, z.statement, z.merklePath, BigInt(z.leafCount), BigInt(z.index)],
    })
    expect(accepted, `verifyProofAggregation rejected the statement's path`)
    return `root ${posted} posted at ${z.aggregationContract} (domain ${domainId}, aggregation ${aggregationId}); verifyProofAggregation → true`
  })
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
    const z = bundle.zkVerify
    const mismatches = [
      ['jobId', jobId, bundle.job.jobId],
      ['journal', journal, bundle.proof.journal],
      ['domainId', proof.domainId.toString(), z.domainId],
      ['aggregationId', proof.aggregationId.toString(), z.aggregationId],
      ['merklePath', proof.merklePath.join(','), z.merklePath.join(',')],
      ['leafCount', proof.leafCount.toString(), z.leafCount],
      ['index', proof.index.toString(), z.index],
    ].filter(([, a, b]) => !eq(String(a), String(b)))
    expect(
      mismatches.length === 0,
      `settle was called with another ${mismatches.map(([name]) => name).join(', ')}`,
    )
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
    const verifier = await client.readContract({
      address: factory,
      abi: datasetFactoryAbi,
      functionName: 'verifierConfig',
      args: [job.verifierId],
    })
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
      ['imageId', verifier.imageId, bundle.proof.imageId],
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
