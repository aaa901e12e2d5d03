import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from 'viem'
import type { FeedCertificate } from '../api/feedSchemas.ts'
import { decodeInferenceJournal, encodeInferenceJournal, encodePredictions } from '../canonical/index.ts'
import type { FeedCheck } from './check.ts'
import { isFeedCertificate, offlineFeedChecks, parseFeedCertificate } from './feedChecks.ts'
import { flipHex, syntheticCertificate, syntheticFeedCertificate } from './testBundle.ts'

const statusOf = (checks: FeedCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]))
const good = () => syntheticFeedCertificate().certificate

describe('prediction certificate: offline checks', () => {
  it('a consistent certificate passes every offline check', async () => {
    assert.deepEqual(statusOf(await offlineFeedChecks(good())), {
      'journal.decode': 'pass',
      'journal.fields': 'pass',
      'zkverify.statement': 'pass',
      'zkverify.merklePath': 'pass',
      'receipt.sha256': 'pass',
      'hcs.summary': 'pass',
    })
  })

  it('is told apart from a sale certificate by its version, and parsed strictly', () => {
    assert.equal(isFeedCertificate(good()), true)
    assert.equal(isFeedCertificate(syntheticCertificate().bundle), false)
    assert.equal(isFeedCertificate(null), false)
    const bad = parseFeedCertificate({ ...good(), requestId: '0x12' })
    assert.equal(bad.ok, false)
    assert.match(bad.ok ? '' : bad.issues.join('\n'), /^requestId: /m)
  })

  // Each tampering must fail the named check, with what differed.
  const cases: Array<[string, (c: FeedCertificate) => FeedCertificate, FeedCheck['id'], RegExp]> = [
    [
      'a prediction changed',
      (c) => ({
        ...c,
        predictions: { ...c.predictions, bytes: bytesToHex(encodePredictions([1, 0])), classes: [1, 0] },
      }),
      'journal.fields',
      /^predictionsHash: journal 0x/,
    ],
    [
      'a readable prediction changed (bytes kept)',
      (c) => ({ ...c, predictions: { ...c.predictions, classes: [1, 0] } }),
      'journal.fields',
      /^classes: the predictions bytes decode to 2,0, the certificate lists 1,0$/,
    ],
    [
      'another model',
      (c) => ({ ...c, model: { ...c.model, modelHash: flipHex(c.model.modelHash) } }),
      'journal.fields',
      /^modelHash: journal /,
    ],
    ['another request', (c) => ({ ...c, requestId: flipHex(c.requestId) }), 'journal.fields', /^requestId: /],
    ['other inputs', (c) => ({ ...c, inputsHash: flipHex(c.inputsHash) }), 'journal.fields', /^inputsHash: /],
    [
      "another request's journal replayed",
      (c) => ({
        ...c,
        proof: {
          ...c.proof,
          journal: encodeInferenceJournal({
            ...decodeInferenceJournal(c.proof.journal),
            requestId: flipHex(c.requestId),
          }),
        },
      }),
      'journal.fields',
      /^requestId: journal 0x[0-9a-f]{64}, certificate 0x/,
    ],
    [
      'a journal of another format',
      (c) => ({ ...c, proof: { ...c.proof, journal: `0x${'00'.repeat(192)}` } }),
      'journal.decode',
      /format|word/,
    ],
    [
      'a statement not aggregated',
      (c) => ({ ...c, aggregation: { ...c.aggregation, statement: flipHex(c.aggregation.statement) } }),
      'zkverify.statement',
      /aggregated statement 0x/,
    ],
    [
      'another image id',
      (c) => ({ ...c, proof: { ...c.proof, imageId: flipHex(c.proof.imageId) } }),
      'zkverify.statement',
      /^recomputed 0x[0-9a-f]{64}, certificate says 0x/,
    ],
    [
      'a wrong Merkle path',
      (c) => ({ ...c, aggregation: { ...c.aggregation, index: '0' } }),
      'zkverify.merklePath',
      /does not lead to root/,
    ],
    [
      'another root',
      (c) => ({ ...c, aggregation: { ...c.aggregation, root: flipHex(c.aggregation.root) } }),
      'zkverify.merklePath',
      /does not lead to root/,
    ],
    [
      'another receipt',
      (c) => ({ ...c, proof: { ...c.proof, receipt: { ...c.proof.receipt, base64: 'AQID' } } }),
      'receipt.sha256',
      /^the receipt hashes to 0x/,
    ],
    [
      'a receipt that is not base64',
      (c) => ({ ...c, proof: { ...c.proof, receipt: { ...c.proof.receipt, base64: '%%' } } }),
      'receipt.sha256',
      /./,
    ],
    [
      'an edited timestamped message',
      (c) => ({ ...c, hcsMessage: c.hcsMessage.replace('"count":2', '"count":3') }),
      'hcs.summary',
      /^rebuilt \{/,
    ],
    [
      'another settle transaction (the message no longer summarises it)',
      (c) => ({ ...c, settleTx: flipHex(c.settleTx) }),
      'hcs.summary',
      /^rebuilt \{/,
    ],
  ]
  for (const [what, tamper, id, detail] of cases) {
    it(`${what}: fails ${id}`, async () => {
      const checks = await offlineFeedChecks(tamper(good()))
      const named = checks.find((c) => c.id === id)
      assert.equal(named?.status, 'fail', `${what}: ${JSON.stringify(checks)}`)
      assert.match(named.detail, detail)
    })
  }

  it('checks a receipt given apart from the certificate instead of the embedded one', async () => {
    const [check] = (await offlineFeedChecks(good(), new Uint8Array([1, 2, 3]))).filter(
      (c) => c.id === 'receipt.sha256',
    )
    assert.equal(check?.status, 'fail')
    assert.match(check.detail, /^the receipt hashes to /)
  })
})
