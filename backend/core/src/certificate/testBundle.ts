/**
 * Test support: a SYNTHETIC but internally consistent certificate (journal encoded directly, receipt
 * bytes that are not a real receipt, no chain, no HCS node). It exercises the offline checks; the
 * end-to-end test builds a certificate from a real proof, chain and HCS node instead.
 */
import { bytesToHex, type Hex, keccak256, sha256, toHex } from 'viem'
import { FEED_CERTIFICATE_VERSION, type FeedCertificate, FeedCertificateSchema } from '../api/feedSchemas.ts'
import type { AggregationProof, TimestampReceipt } from '../attest/types.ts'
import {
  encodeInferenceJournal,
  encodePredictions,
  predictionsHash,
  trainingParamsHash,
  zkVerifyStatement,
} from '../canonical/index.ts'
import { parseConsensusTime, parseEntityId } from '../hcs/ids.ts'
import { computeRunningHashV3 } from '../hcs/runningHash.ts'
import { merkleProof } from '../zkverify/merkle.ts'
import { buildCertificate, type CertificateInput } from './buildCertificate.ts'
import { feedHcsSummary } from './feedChecks.ts'
import { hcsSummary } from './hcsSummary.ts'
import { recomputeRunningHash } from './offlineChecks.ts'
import { encodeSaleJournal, type SaleFacts } from './saleFacts.ts'
import type { CertificateBundle } from './schema.ts'

const h = (label: string): Hex => keccak256(toHex(label))

/** Flips the last hex digit: a minimal, still well-formed change. */
export function flipHex<T extends string>(value: T): T {
  const last = value.at(-1) === '0' ? '1' : '0'
  return `${value.slice(0, -1)}${last}` as T
}

/** A synthetic sale's input to {@link buildCertificate}, and the bundle built from it (format 1 unless asked). */
export function syntheticCertificate(options: { journalFormat?: 1 | 2 } = {}): {
  input: CertificateInput
  bundle: CertificateBundle
  receiptBytes: Uint8Array
} {
  const imageId = h('synthetic image id')
  const jobId = h('synthetic job')
  const market = '0xa16E02E87b7454126E5E10d957A927A7F5B5d2be'
  // One set of sale facts for the journal, the HCS summary and the certificate input, so they agree.
  const sale: SaleFacts = {
    chainId: 31337,
    market,
    jobId,
    quoteId: h('quote'),
    datasetCommitment: h('dataset'),
    params: { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 10_000 },
    paramsHash: trainingParamsHash({ maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 10_000 }),
    journalFormat: options.journalFormat ?? 1,
    thresholdBps: 9000,
    priceWei: 1_000_000_000_000_000n,
    modelHash: h('model'),
    testSetHash: h('test set'),
    correct: 28,
    total: 30,
    met: true,
    imageId,
  }
  const journal = encodeSaleJournal(sale)
  const statement = zkVerifyStatement(imageId, journal)
  const leaves = [h('other statement 0'), statement, h('other statement 2')]
  const tree = merkleProof(leaves, 1)
  const aggregation: AggregationProof = {
    statement,
    domainId: 0n,
    aggregationId: 12n,
    merklePath: tree.path,
    leafCount: 3n,
    index: 1n,
    root: tree.root,
    aggregationContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    publishTxHash: h('publish tx'),
  }
  const settleTx = h('settle tx')
  const previousRunningHash = bytesToHex(new Uint8Array(48).fill(7))
  const partial = {
    topicId: '0.0.1001',
    transactionId: '0.0.2@1700000000.000000001',
    sequenceNumber: 5n,
    consensusTimestamp: '1700000001.000000002',
  }
  const summary = hcsSummary({ sale, statement, aggregationId: 12n, settleTx })
  const runningHash = bytesToHex(
    computeRunningHashV3({
      previousRunningHash: new Uint8Array(48).fill(7),
      payer: parseEntityId('0.0.2'),
      topic: parseEntityId(partial.topicId),
      consensusTime: parseConsensusTime(partial.consensusTimestamp),
      sequenceNumber: partial.sequenceNumber,
      message: summary,
    }),
  )
  const timestamp: TimestampReceipt = {
    network: 'local',
    ...partial,
    runningHash,
    runningHashVersion: 3,
    mirrorUrl: 'http://127.0.0.1:5551',
  }
  const receiptBytes = new TextEncoder().encode('not a real receipt: synthetic test bytes')
  const input: CertificateInput = {
    sale,
    dataset: { id: 4, name: 'iris', chainDatasetId: '0' },
    journal,
    receipt: { url: `/api/jobs/${jobId}/receipt`, bytes: receiptBytes },
    zkVerifyMode: 'local',
    aggregation,
    settleTx,
    timestamp,
    previousRunningHash,
    issuedAt: new Date('2025-01-02T03:04:05.000Z'),
  }
  return { input, bundle: buildCertificate(input), receiptBytes }
}

const FEED = '0x1111111111111111111111111111111111111111'
const FEED_MARKET = '0x2222222222222222222222222222222222222222'

/**
 * A SYNTHETIC but self-consistent prediction certificate, built with the core's encoders as the backend
 * builds one: two predictions, its journal in a three-leaf aggregation, an embedded receipt that is not
 * a real receipt, and an HCS running hash computed from `previousRunningHash` (what a mirror would
 * serve as the message before it).
 */
export function syntheticFeedCertificate(): { certificate: FeedCertificate; previousRunningHash: Hex } {
  const requestId = h('feed request')
  const modelHash = h('feed model')
  const inputsHash = h('feed inputs')
  const predictions = encodePredictions([2, 0])
  const journal = encodeInferenceJournal({
    format: 3,
    requestId,
    modelHash,
    inputsHash,
    count: 2,
    predictionsHash: predictionsHash(predictions),
  })
  const imageId = h('synthetic image id')
  const statement = zkVerifyStatement(imageId, journal)
  const tree = merkleProof([h('other statement 0'), statement, h('other statement 2')], 1)
  const receipt = new TextEncoder().encode('not a real receipt: synthetic feed test bytes')
  const draft: FeedCertificate = {
    version: FEED_CERTIFICATE_VERSION,
    issuedAt: '2026-12-03T12:00:00.000Z',
    chainId: 31337,
    feed: FEED,
    requestId,
    customer: '0x3333333333333333333333333333333333333333',
    model: {
      modelHash,
      market: FEED_MARKET,
      saleJobId: h('sale job'),
      saleCertificate: `/certificates/${h('sale job')}`,
    },
    inputsHash,
    count: 2,
    predictions: { bytes: bytesToHex(predictions), classes: [2, 0], labels: ['virginica', 'setosa'] },
    proof: {
      imageId,
      journal,
      statement,
      receipt: { sha256: sha256(receipt), base64: btoa(String.fromCharCode(...receipt)) },
    },
    aggregation: {
      statement,
      domainId: '0',
      aggregationId: '7',
      merklePath: tree.path,
      leafCount: '3',
      index: '1',
      root: tree.root,
      aggregationContract: '0x4444444444444444444444444444444444444444',
    },
    settleTx: h('feed settle tx'),
    timestamp: {
      network: 'local',
      topicId: '0.0.1001',
      transactionId: '0.0.2@1700000000.000000001',
      sequenceNumber: '4',
      consensusTimestamp: '1700000001.000000002',
      runningHash: '0x00',
      runningHashVersion: 3,
      mirrorUrl: 'http://127.0.0.1:5551',
    },
    hcsMessage: '',
  }
  const summary = feedHcsSummary(draft)
  const previousRunningHash = bytesToHex(new Uint8Array(48).fill(9))
  const certificate: FeedCertificate = {
    ...draft,
    timestamp: {
      ...draft.timestamp,
      runningHash: recomputeRunningHash(draft.timestamp, summary, previousRunningHash),
    },
    hcsMessage: new TextDecoder().decode(summary),
  }
  return { certificate: FeedCertificateSchema.parse(certificate), previousRunningHash }
}
