import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import type { FeedCertificate } from '@veritree/core/api'
import { predictionsHash } from '@veritree/core/canonical'
import type { FeedCheck } from '@veritree/core/certificate'
import { flipHex, syntheticFeedCertificate } from '@veritree/core/certificate/testing'
import {
  type Address,
  encodeAbiParameters,
  encodeEventTopics,
  encodeFunctionData,
  type Hex,
  hexToBytes,
  type PublicClient,
} from 'viem'
import { feedChainChecks } from './feedChainChecks.ts'

// The prediction certificate's chain checks against a FAKE chain that answers as a genuine deployment
// would for the synthetic certificate; each test changes one answer an attacker could forge (a feed
// the factory never made, another image id, a settle call with other predictions, …) and expects the
// named check to fail. The real chain is exercised by the browser e2e.

const FACTORY: Address = '0x5555555555555555555555555555555555555555'

type Chain = {
  chainId: number
  /** The factory each contract reports (feed and market). */
  feedFactory: Address
  marketFactory: Address
  feedOf: Address
  modelHash: Hex
  requestStatus: number
  verifierImageId: Hex
  settleTo: Address
  settledPredictions: Hex
  eventPredictionsHash: Hex
  predictionsOf: Hex
}

function honest(c: FeedCertificate): Chain {
  return {
    chainId: c.chainId,
    feedFactory: FACTORY,
    marketFactory: FACTORY,
    feedOf: c.feed,
    modelHash: c.model.modelHash,
    requestStatus: 2, // Settled
    verifierImageId: c.proof.imageId,
    settleTo: c.feed,
    settledPredictions: c.predictions.bytes,
    eventPredictionsHash: predictionsHash(hexToBytes(c.predictions.bytes)),
    predictionsOf: c.predictions.bytes,
  }
}

function fakeClient(c: FeedCertificate, chain: Chain): PublicClient {
  const a = c.aggregation
  const reads: Record<string, (address: Address) => unknown> = {
    proofsAggregations: () => a.root,
    verifyProofAggregation: () => true,
    modelHash: () => chain.modelHash,
    market: () => c.model.market,
    saleJobId: () => c.model.saleJobId,
    factory: (address) => (address === c.feed ? chain.feedFactory : chain.marketFactory),
    feedOf: () => chain.feedOf,
    getRequest: () => ({
      customer: c.customer,
      status: chain.requestStatus,
      feeBps: 100,
      verifierId: 1,
      count: c.count,
      price: 2n,
      deadline: 0n,
      inputsHash: c.inputsHash,
    }),
    verifierConfig: () => ({ imageId: chain.verifierImageId, zkVerify: a.aggregationContract, domainId: 0n }),
    predictionsOf: () => chain.predictionsOf,
  }
  const settleInput = encodeFunctionData({
    abi: inferenceFeedAbi,
    functionName: 'settle',
    args: [
      c.requestId,
      c.proof.journal,
      chain.settledPredictions,
      {
        domainId: BigInt(a.domainId),
        aggregationId: BigInt(a.aggregationId),
        merklePath: a.merklePath,
        leafCount: BigInt(a.leafCount),
        index: BigInt(a.index),
      },
    ],
  })
  const settledLog = {
    address: c.feed,
    topics: encodeEventTopics({
      abi: inferenceFeedAbi,
      eventName: 'PredictionsSettled',
      args: { requestId: c.requestId },
    }),
    data: encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
      [chain.eventPredictionsHash, 1n, 0n, 1n],
    ),
  }
  return {
    getChainId: async () => chain.chainId,
    readContract: async ({ address, functionName }: { address: Address; functionName: string }) => {
      const read = reads[functionName]
      if (!read) throw new Error(`unexpected read ${functionName}`)
      return read(address)
    },
    getTransaction: async () => ({ to: chain.settleTo, input: settleInput }),
    getTransactionReceipt: async () => ({ status: 'success', blockNumber: 9n, logs: [settledLog] }),
  } as unknown as PublicClient
}

async function run(
  change: (chain: Chain, c: FeedCertificate) => void = () => {},
): Promise<Map<string, FeedCheck>> {
  const { certificate } = syntheticFeedCertificate()
  const chain = honest(certificate)
  change(chain, certificate)
  const checks = await Promise.all(feedChainChecks(certificate, fakeClient(certificate, chain)))
  return new Map(checks.map((c) => [c.id, c]))
}

describe('prediction certificate: chain checks', () => {
  it('an honest chain passes every chain check', async () => {
    const checks = await run()
    assert.deepEqual(
      [...checks.values()].map((c) => [c.id, c.status, c.status === 'pass' ? '' : c.detail]),
      [
        ['chain.network', 'pass', ''],
        ['chain.aggregation', 'pass', ''],
        ['chain.feed', 'pass', ''],
        ['chain.request', 'pass', ''],
        ['chain.settlement', 'pass', ''],
        ['chain.predictions', 'pass', ''],
      ],
    )
  })

  const cases: Array<[string, (chain: Chain, c: FeedCertificate) => void, FeedCheck['id'], RegExp]> = [
    ['another chain', (chain) => (chain.chainId = 1), 'chain.network', /^the RPC serves chain 1/],
    [
      'a feed of another model',
      (chain, c) => (chain.modelHash = flipHex(c.model.modelHash)),
      'chain.feed',
      /^modelHash: chain 0x/,
    ],
    [
      'a feed the factory does not list for this sale',
      (chain) => (chain.feedOf = '0x6666666666666666666666666666666666666666'),
      'chain.feed',
      /lists 0x6666666666666666666666666666666666666666 as the feed of sale/,
    ],
    [
      "a feed made by another factory than the sale's market",
      (chain) => (chain.feedFactory = '0x7777777777777777777777777777777777777777'),
      'chain.feed',
      /^the feed was made by factory 0x7777/,
    ],
    [
      'a request not settled',
      (chain) => (chain.requestStatus = 1),
      'chain.request',
      /^status: chain Open, certificate Settled$/,
    ],
    [
      'a request verified under another image id',
      (chain, c) => (chain.verifierImageId = flipHex(c.proof.imageId)),
      'chain.request',
      /^imageId: chain 0x/,
    ],
    [
      'a settle transaction sent elsewhere',
      (chain) => (chain.settleTo = '0x8888888888888888888888888888888888888888'),
      'chain.settlement',
      /not the feed/,
    ],
    [
      'a settle call with other predictions',
      (chain) => (chain.settledPredictions = '0x01000000'),
      'chain.settlement',
      /^settle was called with another predictions$/,
    ],
    [
      'a PredictionsSettled event for other predictions',
      (chain, c) => (chain.eventPredictionsHash = flipHex(c.proof.statement)),
      'chain.settlement',
      /^PredictionsSettled says predictionsHash/,
    ],
    [
      'other predictions served to contracts',
      (chain) => (chain.predictionsOf = '0x01000000'),
      'chain.predictions',
      /^predictionsOf answers 0x01000000/,
    ],
  ]
  for (const [what, change, id, detail] of cases) {
    it(`${what}: fails ${id}`, async () => {
      const checks = await run(change)
      const failed = [...checks.values()].filter((c) => c.status === 'fail').map((c) => c.id)
      assert.deepEqual(failed, [id], JSON.stringify([...checks.values()]))
      assert.match(checks.get(id)?.detail ?? '', detail)
    })
  }
})
