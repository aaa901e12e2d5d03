import { inferenceFeedAbi } from '@veritree/contracts/generated/InferenceFeed'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import type { FeedCertificate } from '@veritree/core/api'
import { decodeInferenceJournal, decodePredictions, predictionsHash } from '@veritree/core/canonical'
import { inferenceHcsSummary } from '@veritree/core/certificate'
import { verifyMerklePath, zkVerifyStatement } from '@veritree/core/zkverify'
import { type Hex, hexToBytes, type PublicClient, parseEventLogs, sha256 } from 'viem'

// Checks of a prediction certificate (GET /feed-certificates/:id), run in the browser from the core's
// encoders and the contracts' ABIs. The sale certificate's checker (@veritree/backend/certificate/check)
// has no format-3 counterpart yet; these follow its shape (id, label, pass / fail / skipped, detail).

/** One line of the report (the sale checks' shape, with this certificate's own ids). */
export type FeedCheck = {
  id: FeedCheckId
  label: string
  status: 'pass' | 'fail' | 'skipped'
  detail: string
}

/** Every check, in report order, with its label. */
export const FEED_CHECKS = {
  'journal.decode': 'The journal decodes strictly as a format-3 inference journal',
  'journal.fields':
    "The journal names this request, the feed's model, these inputs and count, and exactly these predictions",
  'zkverify.statement': 'The zkVerify statement recomputes from the image id and journal',
  'zkverify.merklePath': 'The Merkle path leads from the statement to the aggregation root',
  'receipt.sha256': 'The embedded receipt matches its SHA-256',
  'receipt.verify': 'The RISC Zero receipt verifies against the image id and journal',
  'hcs.summary': 'The timestamped message is the summary of these facts, byte for byte',
  'chain.network': 'The RPC serves the settlement chain',
  'chain.aggregation':
    'The aggregation root is posted on-chain and verifyProofAggregation accepts the statement',
  'chain.feed': "The feed sells this model, from this sale (the model's accuracy certificate)",
  'chain.request': 'The on-chain request is settled, for this buyer, these inputs and this count',
  'chain.settlement':
    'The settle transaction emitted PredictionsSettled for this request and these predictions',
  'chain.predictions': 'The feed serves exactly these predictions to contracts (predictionsOf)',
  'hcs.message': 'The HCS mirror shows this message at this sequence number and time',
} as const

export type FeedCheckId = keyof typeof FEED_CHECKS

/** ProvenEscrow.JobStatus.Settled. */
const SETTLED = 2

const result = (id: FeedCheckId, status: FeedCheck['status'], detail: string): FeedCheck => ({
  id,
  label: FEED_CHECKS[id],
  status,
  detail,
})

async function run(id: FeedCheckId, body: () => Promise<string> | string): Promise<FeedCheck> {
  try {
    return result(id, 'pass', await body())
  } catch (error) {
    return result(id, 'fail', error instanceof Error ? error.message : String(error))
  }
}

function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/** Differences between named pairs, as one fail detail ("" when all agree). */
function differences(pairs: Array<[string, string | number, string | number]>): string {
  return pairs
    .filter(([, a, b]) => !same(String(a), String(b)))
    .map(([name, a, b]) => `${name}: ${a} vs ${b}`)
    .join('; ')
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
}

/** The checks that need nothing but the certificate. */
export function offlineFeedChecks(c: FeedCertificate): Promise<FeedCheck[]> {
  return Promise.all([
    run('journal.decode', () => {
      const j = decodeInferenceJournal(c.proof.journal)
      return `format ${j.format}, ${j.count} predictions`
    }),
    run('journal.fields', () => {
      const j = decodeInferenceJournal(c.proof.journal)
      const bytes = hexToBytes(c.predictions.bytes as Hex)
      const classes = Array.from(decodePredictions(bytes))
      const diff = differences([
        ['requestId', j.requestId, c.requestId],
        ['modelHash', j.modelHash, c.model.modelHash],
        ['inputsHash', j.inputsHash, c.inputsHash],
        ['count', j.count, c.count],
        ['predictionsHash', j.predictionsHash, predictionsHash(bytes)],
        ['predictions', classes.length, c.count],
        ['classes', classes.join(','), c.predictions.classes.join(',')],
        ['labels', c.predictions.labels.length, c.count],
      ])
      expect(diff === '', diff)
      return `request ${j.requestId}, model ${j.modelHash}, inputs ${j.inputsHash}, ${j.count} predictions hashing to ${j.predictionsHash}`
    }),
    run('zkverify.statement', () => {
      const statement = zkVerifyStatement(c.proof.imageId, c.proof.journal)
      const diff = differences([
        ['certificate statement', statement, c.proof.statement],
        ['aggregated statement', statement, c.aggregation.statement],
      ])
      expect(diff === '', `recomputed ${statement}; ${diff}`)
      return statement
    }),
    run('zkverify.merklePath', () => {
      const a = c.aggregation
      const ok = verifyMerklePath({
        root: a.root,
        leaf: a.statement,
        path: a.merklePath,
        leafCount: BigInt(a.leafCount),
        index: BigInt(a.index),
      })
      expect(ok, `the path (leaf ${a.index} of ${a.leafCount}) does not lead to root ${a.root}`)
      return `leaf ${a.index} of ${a.leafCount} → root ${a.root}`
    }),
    run('receipt.sha256', () => {
      const bytes = base64ToBytes(c.proof.receipt.base64)
      const hash = sha256(bytes)
      expect(
        same(hash, c.proof.receipt.sha256),
        `the receipt hashes to ${hash}, certificate says ${c.proof.receipt.sha256}`,
      )
      return `${bytes.length} bytes, sha256 ${hash}`
    }),
    Promise.resolve(
      result('receipt.verify', 'skipped', 'needs the RISC Zero verifier, which a browser lacks'),
    ),
    run('hcs.summary', () => {
      const j = decodeInferenceJournal(c.proof.journal)
      const expected = new TextDecoder().decode(
        inferenceHcsSummary({
          chainId: c.chainId,
          feed: c.feed,
          requestId: c.requestId,
          market: c.model.market,
          saleJobId: c.model.saleJobId,
          modelHash: j.modelHash,
          inputsHash: j.inputsHash,
          count: j.count,
          predictionsHash: j.predictionsHash,
          statement: c.aggregation.statement,
          aggregationId: c.aggregation.aggregationId,
          settleTx: c.settleTx,
        }),
      )
      expect(expected === c.hcsMessage, `rebuilt ${expected}, certificate says ${c.hcsMessage}`)
      return expected
    }),
  ])
}

/** The checks against the settlement chain, through `client`. */
export function chainFeedChecks(c: FeedCertificate, client: PublicClient): Promise<FeedCheck>[] {
  const feed = c.feed
  const read = <T>(functionName: string, args: readonly unknown[] = []): Promise<T> =>
    client.readContract({ address: feed, abi: inferenceFeedAbi, functionName, args } as never) as Promise<T>
  return [
    run('chain.network', async () => {
      const id = await client.getChainId()
      expect(id === c.chainId, `the RPC serves chain ${id}, the certificate says ${c.chainId}`)
      return `chain ${id}`
    }),
    run('chain.aggregation', async () => {
      const a = c.aggregation
      const [domainId, aggregationId] = [BigInt(a.domainId), BigInt(a.aggregationId)]
      const posted = await client.readContract({
        address: a.aggregationContract,
        abi: zkVerifyAggregationAbi,
        functionName: 'proofsAggregations',
        args: [domainId, aggregationId],
      })
      expect(
        same(posted, a.root),
        `${a.aggregationContract} holds root ${posted}; certificate says ${a.root}`,
      )
      const accepted = await client.readContract({
        address: a.aggregationContract,
        abi: zkVerifyAggregationAbi,
        functionName: 'verifyProofAggregation',
        args: [domainId, aggregationId, a.statement, a.merklePath, BigInt(a.leafCount), BigInt(a.index)],
      })
      expect(accepted, 'verifyProofAggregation rejected the statement’s path')
      return `root ${posted} (domain ${domainId}, aggregation ${aggregationId}); verifyProofAggregation → true`
    }),
    run('chain.feed', async () => {
      const [modelHash, market, saleJobId] = await Promise.all([
        read<Hex>('modelHash'),
        read<Hex>('market'),
        read<Hex>('saleJobId'),
      ])
      const diff = differences([
        ['modelHash', modelHash, c.model.modelHash],
        ['market', market, c.model.market],
        ['saleJobId', saleJobId, c.model.saleJobId],
      ])
      expect(diff === '', diff)
      return `feed ${feed}: model ${modelHash}, sold in job ${saleJobId} of market ${market}`
    }),
    run('chain.request', async () => {
      const r = await read<{ customer: Hex; status: number; count: number; inputsHash: Hex }>('getRequest', [
        c.requestId,
      ])
      const diff = differences([
        ['status', r.status, SETTLED],
        ['customer', r.customer, c.customer],
        ['inputsHash', r.inputsHash, c.inputsHash],
        ['count', r.count, c.count],
      ])
      expect(diff === '', diff)
      return `Settled; buyer ${r.customer}, inputs ${r.inputsHash}, ${r.count} predictions`
    }),
    run('chain.settlement', async () => {
      const receipt = await client.getTransactionReceipt({ hash: c.settleTx })
      expect(receipt.status === 'success', `transaction ${c.settleTx} reverted`)
      const settled = parseEventLogs({
        abi: inferenceFeedAbi,
        eventName: 'PredictionsSettled',
        logs: receipt.logs,
      }).find((log) => same(log.address, feed) && same(log.args.requestId, c.requestId))
      expect(
        settled !== undefined,
        `transaction ${c.settleTx} emitted no PredictionsSettled for this request`,
      )
      const expected = predictionsHash(hexToBytes(c.predictions.bytes as Hex))
      expect(
        same(settled.args.predictionsHash, expected),
        `settled predictionsHash ${settled.args.predictionsHash}, the certificate's predictions hash to ${expected}`,
      )
      return `block ${receipt.blockNumber}: PredictionsSettled(${c.requestId.slice(0, 10)}…, ${expected})`
    }),
    run('chain.predictions', async () => {
      const served = await read<Hex>('predictionsOf', [c.requestId])
      expect(
        same(served, c.predictions.bytes),
        `predictionsOf answers ${served}; certificate says ${c.predictions.bytes}`,
      )
      return served
    }),
  ]
}

/** The check against the Hedera mirror named in the certificate. */
export function mirrorFeedCheck(c: FeedCertificate, fetcher: typeof fetch = fetch): Promise<FeedCheck> {
  return run('hcs.message', async () => {
    const t = c.timestamp
    const url = new URL(`/api/v1/topics/${t.topicId}/messages/${t.sequenceNumber}`, t.mirrorUrl)
    const response = await fetcher(url)
    expect(response.ok, `${url} answered ${response.status}`)
    const served = (await response.json()) as {
      message: string
      consensus_timestamp: string
      topic_id: string
    }
    const text = new TextDecoder().decode(base64ToBytes(served.message))
    const diff = differences([
      ['topic', served.topic_id, t.topicId],
      ['consensus timestamp', served.consensus_timestamp, t.consensusTimestamp],
      ['message', text, c.hcsMessage],
    ])
    expect(diff === '', diff)
    return `topic ${t.topicId} #${t.sequenceNumber} at ${t.consensusTimestamp}: the certificate's message, byte for byte`
  })
}

/**
 * Every check this browser can run: offline ones always, chain ones with a client (else skipped), the
 * mirror one with the certificate's mirror.
 */
export async function checkFeedCertificate(
  c: FeedCertificate,
  options: { publicClient?: PublicClient | null; fetch?: typeof fetch } = {},
): Promise<FeedCheck[]> {
  const chainIds = [
    'chain.network',
    'chain.aggregation',
    'chain.feed',
    'chain.request',
    'chain.settlement',
    'chain.predictions',
  ] as const
  const onChain = options.publicClient
    ? chainFeedChecks(c, options.publicClient)
    : chainIds.map((id) =>
        Promise.resolve(result(id, 'skipped', 'no way to read the chain: connect a wallet')),
      )
  const [offline, chain, mirror] = await Promise.all([
    offlineFeedChecks(c),
    Promise.all(onChain),
    mirrorFeedCheck(c, options.fetch),
  ])
  return [...offline, ...chain, mirror]
}
