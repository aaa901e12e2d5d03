/**
 * Checks of a prediction (feed request) certificate against the settlement chain, through any viem
 * PublicClient. The network and aggregation rules are the sale checks' own (chainChecks.ts); the rest
 * read the InferenceFeed clone and its factory. Browser-safe.
 */

import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { type FeedCertificate, MARKET_JOB_STATUS } from '@veritree/core/api'
import { predictionsHash } from '@veritree/core/canonical'
import { expect, type FeedCheck, runFeedCheck } from '@veritree/core/certificate'
import { decodeFunctionData, hexToBytes, isAddressEqual, type PublicClient, parseEventLogs } from 'viem'
import {
  aggregationPostedOnChain,
  chainIdIs,
  eq,
  settledProofMismatches,
  verifierImageId,
} from './chainChecks.ts'

/** "name: chain a, certificate b" for each pair that differs. */
function differences(pairs: ReadonlyArray<readonly [string, string | number, string | number]>): string[] {
  return pairs
    .filter(([, a, b]) => !eq(String(a), String(b)))
    .map(([name, a, b]) => `${name}: chain ${a}, certificate ${b}`)
}

/**
 * The feed is genuine for this sale and sells this model: it was made by the factory of the sale's
 * market (the factory that vouches for the sale certificate), which lists it as the feed of that sale,
 * and it stores the certificate's model hash, market and sale job.
 */
export function checkFeedOnChain(c: FeedCertificate, client: PublicClient): Promise<FeedCheck> {
  return runFeedCheck('chain.feed', async () => {
    const feed = { address: c.feed, abi: inferenceFeedAbi } as const
    const [modelHash, market, saleJobId, factory] = await Promise.all([
      client.readContract({ ...feed, functionName: 'modelHash' }),
      client.readContract({ ...feed, functionName: 'market' }),
      client.readContract({ ...feed, functionName: 'saleJobId' }),
      client.readContract({ ...feed, functionName: 'factory' }),
    ])
    const diff = differences([
      ['modelHash', modelHash, c.model.modelHash],
      ['market', market, c.model.market],
      ['saleJobId', saleJobId, c.model.saleJobId],
    ])
    expect(diff.length === 0, diff.join('; '))
    const marketFactory = await client.readContract({
      address: market,
      abi: datasetMarketAbi,
      functionName: 'factory',
    })
    expect(
      isAddressEqual(marketFactory, factory),
      `the feed was made by factory ${factory}, the sale's market by ${marketFactory}`,
    )
    const listed = await client.readContract({
      address: factory,
      abi: datasetFactoryAbi,
      functionName: 'feedOf',
      args: [market, saleJobId],
    })
    expect(
      isAddressEqual(listed, c.feed),
      `factory ${factory} lists ${listed} as the feed of sale ${saleJobId}, not ${c.feed}`,
    )
    return `feed ${c.feed} of factory ${factory}: model ${modelHash}, sold in job ${saleJobId} of market ${market}`
  })
}

/**
 * The request is settled, for this buyer, these inputs and this count, and was verified against the
 * certificate's image id (the factory's verifier config recorded when the request was opened).
 */
export function checkRequestOnChain(c: FeedCertificate, client: PublicClient): Promise<FeedCheck> {
  return runFeedCheck('chain.request', async () => {
    const feed = { address: c.feed, abi: inferenceFeedAbi } as const
    const [r, factory] = await Promise.all([
      client.readContract({ ...feed, functionName: 'getRequest', args: [c.requestId] }),
      client.readContract({ ...feed, functionName: 'factory' }),
    ])
    const status = MARKET_JOB_STATUS[r.status] ?? `#${r.status}`
    const imageId = await verifierImageId(client, factory, r.verifierId)
    const diff = differences([
      ['status', status, 'Settled'],
      ['customer', r.customer, c.customer],
      ['inputsHash', r.inputsHash, c.inputsHash],
      ['count', r.count, c.count],
      ['imageId', imageId, c.proof.imageId],
    ])
    expect(diff.length === 0, diff.join('; '))
    return `${status}; buyer ${r.customer}, inputs ${r.inputsHash}, ${r.count} predictions, image id ${imageId}`
  })
}

/**
 * The settle transaction called this feed's settle with the certificate's request, journal,
 * predictions and aggregation proof, succeeded, and emitted PredictionsSettled for the request with
 * the hash of these predictions.
 */
export function checkFeedSettlement(c: FeedCertificate, client: PublicClient): Promise<FeedCheck> {
  return runFeedCheck('chain.settlement', async () => {
    const txHash = c.settleTx
    const [tx, receipt] = await Promise.all([
      client.getTransaction({ hash: txHash }),
      client.getTransactionReceipt({ hash: txHash }),
    ])
    expect(receipt.status === 'success', `transaction ${txHash} reverted`)
    expect(
      tx.to !== null && isAddressEqual(tx.to, c.feed),
      `transaction ${txHash} was sent to ${tx.to}, not the feed ${c.feed}`,
    )
    const call = decodeFunctionData({ abi: inferenceFeedAbi, data: tx.input })
    expect(call.functionName === 'settle', `transaction ${txHash} called ${call.functionName}, not settle`)
    const [requestId, journal, predictions, proof] = call.args
    const mismatches = [
      ...(eq(requestId, c.requestId) ? [] : ['requestId']),
      ...(eq(journal, c.proof.journal) ? [] : ['journal']),
      ...(eq(predictions, c.predictions.bytes) ? [] : ['predictions']),
      ...settledProofMismatches(proof, c.aggregation),
    ]
    expect(mismatches.length === 0, `settle was called with another ${mismatches.join(', ')}`)
    const settled = parseEventLogs({
      abi: inferenceFeedAbi,
      eventName: 'PredictionsSettled',
      logs: receipt.logs,
    }).find((log) => isAddressEqual(log.address, c.feed) && eq(log.args.requestId, c.requestId))
    expect(settled !== undefined, `transaction ${txHash} emitted no PredictionsSettled for this request`)
    const expected = predictionsHash(hexToBytes(c.predictions.bytes))
    expect(
      eq(settled.args.predictionsHash, expected),
      `PredictionsSettled says predictionsHash ${settled.args.predictionsHash}, the certificate's predictions hash to ${expected}`,
    )
    return `settle(requestId, journal, predictions, aggregation proof) in block ${receipt.blockNumber}; PredictionsSettled predictionsHash ${expected}`
  })
}

/** What a contract reading the feed gets (predictionsOf) is exactly the certificate's predictions. */
export function checkPredictionsOnChain(c: FeedCertificate, client: PublicClient): Promise<FeedCheck> {
  return runFeedCheck('chain.predictions', async () => {
    const served = await client.readContract({
      address: c.feed,
      abi: inferenceFeedAbi,
      functionName: 'predictionsOf',
      args: [c.requestId],
    })
    expect(
      eq(served, c.predictions.bytes),
      `predictionsOf answers ${served}; certificate says ${c.predictions.bytes}`,
    )
    return served
  })
}

/** Every chain check of a prediction certificate, in report order. */
export function feedChainChecks(c: FeedCertificate, client: PublicClient): Promise<FeedCheck>[] {
  return [
    runFeedCheck('chain.network', () => chainIdIs(c.chainId, client)),
    runFeedCheck('chain.aggregation', () => aggregationPostedOnChain(c.aggregation, client)),
    checkFeedOnChain(c, client),
    checkRequestOnChain(c, client),
    checkFeedSettlement(c, client),
    checkPredictionsOnChain(c, client),
  ]
}
