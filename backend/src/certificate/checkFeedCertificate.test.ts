import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { FeedCertificate } from '@veritree/core/api'
import { FEED_CHECKS } from '@veritree/core/certificate'
import { flipHex, syntheticFeedCertificate } from '@veritree/core/certificate/testing'
import { hexToBytes } from 'viem'
import { checkFeedCertificate } from './checkCertificate.ts'

// The prediction certificate's whole checker on a SYNTHETIC certificate: the offline checks, the
// skipped ones saying what they need, and the mirror checks against a fake mirror. The chain checks are
// feedChainChecks.test.ts (a fake chain) and the browser e2e (the real local chain).

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A mirror serving `message` as message 4 of the certificate's topic and `previous` as message 3. */
function mirror(
  c: FeedCertificate,
  previousRunningHash: `0x${string}`,
  change: { message?: string; at?: string; runningHash?: `0x${string}`; payer?: string } = {},
): typeof fetch {
  const t = c.timestamp
  const bodies: Record<string, unknown> = {
    [`/api/v1/topics/${t.topicId}/messages/4`]: {
      consensus_timestamp: change.at ?? t.consensusTimestamp,
      message: toBase64(new TextEncoder().encode(change.message ?? c.hcsMessage)),
      payer_account_id: change.payer ?? '0.0.2',
      running_hash: toBase64(hexToBytes(change.runningHash ?? t.runningHash)),
      running_hash_version: 3,
      sequence_number: 4,
      topic_id: t.topicId,
    },
    [`/api/v1/topics/${t.topicId}/messages/3`]: {
      consensus_timestamp: '1700000000.000000009',
      message: toBase64(new TextEncoder().encode('the message before')),
      payer_account_id: '0.0.2',
      running_hash: toBase64(hexToBytes(previousRunningHash)),
      running_hash_version: 3,
      sequence_number: 3,
      topic_id: t.topicId,
    },
  }
  return (async (input: string | URL | Request) => {
    const body = bodies[new URL(input instanceof Request ? input.url : input).pathname]
    return body === undefined
      ? new Response(JSON.stringify({ _status: { messages: [{ message: 'Not found' }] } }), { status: 404 })
      : new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
}

const byId = (checks: { id: string; status: string; detail: string }[]) =>
  new Map(checks.map((c) => [c.id, c]))

describe('checkFeedCertificate', () => {
  it('runs every check in FEED_CHECKS order; without a verifier, RPC or mirror those are skipped, saying what they need', async () => {
    const { certificate } = syntheticFeedCertificate()
    const checks = await checkFeedCertificate(certificate)
    assert.deepEqual(
      checks.map((c) => c.id),
      Object.keys(FEED_CHECKS),
    )
    assert.deepEqual(
      checks.filter((c) => c.status !== 'skipped').map((c) => [c.id, c.status]),
      [
        ['bundle.schema', 'pass'],
        ['journal.decode', 'pass'],
        ['journal.fields', 'pass'],
        ['zkverify.statement', 'pass'],
        ['zkverify.merklePath', 'pass'],
        ['receipt.sha256', 'pass'],
        ['hcs.summary', 'pass'],
      ],
    )
    const checksById = byId(checks)
    assert.match(checksById.get('receipt.verify')?.detail ?? '', /needs the RISC Zero host CLI/)
    assert.match(checksById.get('chain.feed')?.detail ?? '', /no RPC URL given/)
    assert.match(checksById.get('hcs.message')?.detail ?? '', /no mirror URL given/)
  })

  it('runs receipt.verify with the verifier it is given, on the embedded receipt, and fails when it rejects', async () => {
    const { certificate } = syntheticFeedCertificate()
    const seen: unknown[] = []
    const pass = byId(
      await checkFeedCertificate(certificate, {
        verifyReceipt: async (request) => {
          seen.push(request)
        },
      }),
    )
    assert.equal(pass.get('receipt.verify')?.status, 'pass')
    assert.deepEqual(seen, [
      {
        receiptBytes: new Uint8Array(Buffer.from(certificate.proof.receipt.base64, 'base64')),
        imageId: certificate.proof.imageId,
        journal: certificate.proof.journal,
      },
    ])
    const fail = byId(
      await checkFeedCertificate(certificate, {
        verifyReceipt: async () => {
          throw new Error('the receipt does not verify')
        },
      }),
    )
    assert.equal(fail.get('receipt.verify')?.status, 'fail')
    assert.equal(fail.get('receipt.verify')?.detail, 'the receipt does not verify')
  })

  it('a mirror serving the message passes hcs.message and hcs.runningHash', async () => {
    const { certificate, previousRunningHash } = syntheticFeedCertificate()
    const checks = byId(
      await checkFeedCertificate(certificate, {
        mirrorUrl: 'http://mirror.test',
        fetch: mirror(certificate, previousRunningHash),
      }),
    )
    assert.equal(checks.get('hcs.message')?.status, 'pass', checks.get('hcs.message')?.detail)
    assert.equal(checks.get('hcs.runningHash')?.status, 'pass', checks.get('hcs.runningHash')?.detail)
  })

  const mismatches: Array<[string, Parameters<typeof mirror>[2], 'hcs.message' | 'hcs.runningHash', RegExp]> =
    [
      [
        'another message',
        { message: '{"v":1}' },
        'hcs.message',
        /^message: mirror \{"v":1\}, certificate summary /,
      ],
      ['another time', { at: '1700000001.000000003' }, 'hcs.message', /^consensus timestamp: mirror /],
      ['another payer', { payer: '0.0.3' }, 'hcs.message', /^payer: mirror 0\.0\.3, certificate 0\.0\.2$/],
    ]
  for (const [what, change, id, detail] of mismatches) {
    it(`a mirror serving ${what} fails ${id}`, async () => {
      const { certificate, previousRunningHash } = syntheticFeedCertificate()
      const checks = byId(
        await checkFeedCertificate(certificate, {
          mirrorUrl: 'http://mirror.test',
          fetch: mirror(certificate, previousRunningHash, change),
        }),
      )
      assert.equal(checks.get(id)?.status, 'fail')
      assert.match(checks.get(id)?.detail ?? '', detail)
    })
  }

  it('a running hash that does not recompute from the previous message fails both HCS checks', async () => {
    const { certificate, previousRunningHash } = syntheticFeedCertificate()
    const forged = flipHex(certificate.timestamp.runningHash)
    const tampered = { ...certificate, timestamp: { ...certificate.timestamp, runningHash: forged } }
    const checks = byId(
      await checkFeedCertificate(tampered, {
        mirrorUrl: 'http://mirror.test',
        fetch: mirror(certificate, previousRunningHash),
      }),
    )
    assert.equal(checks.get('hcs.runningHash')?.status, 'fail')
    assert.match(checks.get('hcs.runningHash')?.detail ?? '', /^recomputed 0x[0-9a-f]{96} from message 3/)
    assert.match(checks.get('hcs.message')?.detail ?? '', /^running hash: mirror /)
  })

  it('a mirror without the message fails hcs.message, saying so', async () => {
    const { certificate, previousRunningHash } = syntheticFeedCertificate()
    const moved = { ...certificate, timestamp: { ...certificate.timestamp, sequenceNumber: '9' } }
    const checks = byId(
      await checkFeedCertificate(moved, {
        mirrorUrl: 'http://mirror.test',
        fetch: mirror(certificate, previousRunningHash),
      }),
    )
    assert.equal(checks.get('hcs.message')?.status, 'fail')
    assert.match(checks.get('hcs.message')?.detail ?? '', /has no message 9 in topic 0\.0\.1001/)
  })
})
