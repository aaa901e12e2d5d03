import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FEED_CERTIFICATE_VERSION, type FeedCertificate } from '@veritree/core/api'
import {
  decodeInferenceJournal,
  encodeInferenceJournal,
  encodePredictions,
  predictionsHash,
} from '@veritree/core/canonical'
import { inferenceHcsSummary } from '@veritree/core/certificate'
import { merkleProof, zkVerifyStatement } from '@veritree/core/zkverify'
import { bytesToHex, type Hex, sha256 } from 'viem'
import { type FeedCheck, mirrorFeedCheck, offlineFeedChecks } from './feedCertificateChecks.ts'

const h = (byte: string): Hex => `0x${byte.repeat(32)}`
const FEED = '0x1111111111111111111111111111111111111111'
const MARKET = '0x2222222222222222222222222222222222222222'

/** A self-consistent certificate built with the core's encoders, as the backend builds one. */
function certificate(): FeedCertificate {
  const predictions = encodePredictions([2, 0])
  const journal = encodeInferenceJournal({
    format: 3,
    requestId: h('0a'),
    modelHash: h('ee'),
    inputsHash: h('44'),
    count: 2,
    predictionsHash: predictionsHash(predictions),
  })
  const imageId = h('11')
  const statement = zkVerifyStatement(imageId, journal)
  const { root, path } = merkleProof([h('99'), statement, h('98')], 1)
  const receipt = new Uint8Array([1, 2, 3, 4])
  const hcsMessage = new TextDecoder().decode(
    inferenceHcsSummary({
      chainId: 31337,
      feed: FEED,
      requestId: h('0a'),
      market: MARKET,
      saleJobId: h('1a'),
      modelHash: h('ee'),
      inputsHash: h('44'),
      count: 2,
      predictionsHash: predictionsHash(predictions),
      statement,
      aggregationId: '7',
      settleTx: h('5e'),
    }),
  )
  return {
    version: FEED_CERTIFICATE_VERSION,
    issuedAt: '2026-12-03T12:00:00.000Z',
    chainId: 31337,
    feed: FEED,
    requestId: h('0a'),
    customer: '0x3333333333333333333333333333333333333333',
    model: {
      modelHash: h('ee'),
      market: MARKET,
      saleJobId: h('1a'),
      saleCertificate: `/certificates/${h('1a')}`,
    },
    inputsHash: h('44'),
    count: 2,
    predictions: { bytes: bytesToHex(predictions), classes: [2, 0], labels: ['review', 'approve'] },
    proof: {
      imageId,
      journal,
      statement,
      receipt: { sha256: sha256(receipt), base64: Buffer.from(receipt).toString('base64') },
    },
    aggregation: {
      statement,
      domainId: '0',
      aggregationId: '7',
      merklePath: path,
      leafCount: '3',
      index: '1',
      root,
      aggregationContract: '0x4444444444444444444444444444444444444444',
    },
    settleTx: h('5e'),
    timestamp: {
      network: 'local',
      topicId: '0.0.1001',
      transactionId: '0.0.2@1.2',
      sequenceNumber: '4',
      consensusTimestamp: '1700000000.000000001',
      runningHash: h('77'),
      runningHashVersion: 3,
      mirrorUrl: 'http://mirror.test',
    },
    hcsMessage,
  } as FeedCertificate
}

const statusOf = (checks: FeedCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))

test('a consistent certificate passes every offline check; the receipt itself needs a verifier', async () => {
  assert.deepEqual(statusOf(await offlineFeedChecks(certificate())), {
    'journal.decode': 'pass',
    'journal.fields': 'pass',
    'zkverify.statement': 'pass',
    'zkverify.merklePath': 'pass',
    'receipt.sha256': 'pass',
    'receipt.verify': 'skipped',
    'hcs.summary': 'pass',
  })
})

test('a changed prediction, another model, another request or a replayed journal fails a named check', async () => {
  const cases: Array<[string, (c: FeedCertificate) => FeedCertificate, string]> = [
    [
      'a prediction changed',
      (c) => ({
        ...c,
        predictions: { ...c.predictions, bytes: bytesToHex(encodePredictions([1, 0])), classes: [1, 0] },
      }),
      'journal.fields',
    ],
    ['another model', (c) => ({ ...c, model: { ...c.model, modelHash: h('ef') } }), 'journal.fields'],
    ['another request', (c) => ({ ...c, requestId: h('0b') }), 'journal.fields'],
    ['other inputs', (c) => ({ ...c, inputsHash: h('45') }), 'journal.fields'],
    [
      "another request's journal replayed",
      (c) => ({
        ...c,
        proof: {
          ...c.proof,
          journal: encodeInferenceJournal({ ...decoded(c), requestId: h('0b') }),
        },
      }),
      'journal.fields',
    ],
    [
      'a statement not aggregated',
      (c) => ({ ...c, aggregation: { ...c.aggregation, statement: h('98') } }),
      'zkverify.statement',
    ],
    [
      'a wrong Merkle path',
      (c) => ({ ...c, aggregation: { ...c.aggregation, index: '0' } }),
      'zkverify.merklePath',
    ],
    [
      'another receipt',
      (c) => ({ ...c, proof: { ...c.proof, receipt: { ...c.proof.receipt, base64: 'AQID' } } }),
      'receipt.sha256',
    ],
    [
      'an edited timestamped message',
      (c) => ({ ...c, hcsMessage: c.hcsMessage.replace('"count":2', '"count":3') }),
      'hcs.summary',
    ],
  ]
  for (const [what, tamper, id] of cases) {
    const checks = await offlineFeedChecks(tamper(certificate()))
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.id)
    assert.ok(
      failed.includes(id as FeedCheck['id']),
      `${what}: ${id} should fail (failed: ${failed.join(', ')})`,
    )
  }
})

test('the mirror check compares the message, topic and time the mirror serves', async () => {
  const c = certificate()
  const served = (message: string, at = c.timestamp.consensusTimestamp) =>
    (async () =>
      new Response(
        JSON.stringify({
          message: Buffer.from(message).toString('base64'),
          consensus_timestamp: at,
          topic_id: c.timestamp.topicId,
        }),
      )) as typeof fetch
  assert.equal((await mirrorFeedCheck(c, served(c.hcsMessage))).status, 'pass')
  assert.equal((await mirrorFeedCheck(c, served(`${c.hcsMessage} `))).status, 'fail')
  assert.equal((await mirrorFeedCheck(c, served(c.hcsMessage, '1.2'))).status, 'fail')
  const missing = (async () => new Response('{}', { status: 404 })) as typeof fetch
  assert.match((await mirrorFeedCheck(c, missing)).detail, /answered 404/)
})

function decoded(c: FeedCertificate) {
  return decodeInferenceJournal(c.proof.journal)
}
