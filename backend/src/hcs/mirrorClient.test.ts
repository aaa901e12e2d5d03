import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { TimestampReceipt } from '../attest/types.ts'
import { createHederaTimestampLog, type HederaTimestampLog } from './hederaTimestampLog.ts'
import { startTestNode, stopTestNode, type TestNode } from './localNode/testSupport.ts'
import {
  fetchTopicMessage,
  fetchTopicMessages,
  verifyRunningHashChain,
  verifyTimestampReceipt,
} from './mirrorClient.ts'
import type { MirrorTopicMessage } from './mirrorTypes.ts'

const text = (s: string) => new TextEncoder().encode(s)

describe('mirror client re-verification', () => {
  let t: TestNode
  let log: HederaTimestampLog
  let receipts: TimestampReceipt[]
  let messages: MirrorTopicMessage[]

  before(async () => {
    t = await startTestNode()
    log = await createHederaTimestampLog({
      network: 'local',
      grpcEndpoint: t.node.grpcEndpoint,
      operatorId: t.node.operatorId,
      operatorKey: t.node.operatorKey,
      mirrorUrl: t.node.mirrorUrl,
      grpcDeadlineMs: 2_000,
    })
    receipts = []
    for (const m of ['one', 'two', 'three']) receipts.push(await log.submit(text(m)))
    messages = await fetchTopicMessages(t.node.mirrorUrl, log.topicId)
  })
  after(async () => {
    log.close()
    await stopTestNode(t)
  })

  it('accepts the served chain, from genesis or from a known previous hash', () => {
    assert.deepEqual(verifyRunningHashChain(messages), { ok: true })
    const previous = new Uint8Array(Buffer.from(messages[0].running_hash, 'base64'))
    assert.deepEqual(verifyRunningHashChain(messages.slice(1), previous), { ok: true })
  })

  it('detects a changed message, timestamp, payer or hash, and a gap', () => {
    const tamper = (index: number, change: Partial<MirrorTopicMessage>) =>
      messages.map((m, i) => (i === index ? { ...m, ...change } : m))
    const changed = verifyRunningHashChain(tamper(1, { message: Buffer.from('TWO').toString('base64') }))
    assert.equal(changed.ok, false)
    assert.equal(!changed.ok && changed.sequenceNumber, 2)
    assert.match(!changed.ok ? changed.reason : '', /does not match recomputed/)
    assert.equal(verifyRunningHashChain(tamper(2, { consensus_timestamp: '1.000000000' })).ok, false)
    assert.equal(verifyRunningHashChain(tamper(0, { payer_account_id: '0.0.3' })).ok, false)
    assert.equal(verifyRunningHashChain(tamper(0, { running_hash: messages[1].running_hash })).ok, false)
    const gap = verifyRunningHashChain([messages[0], messages[2]])
    assert.deepEqual(gap, { ok: false, sequenceNumber: 3, reason: 'expected sequence number 2' })
    assert.equal(verifyRunningHashChain(tamper(0, { running_hash_version: 2 })).ok, false)
  })

  it('fails a receipt whose timestamp, hash or message bytes differ from the mirror', async () => {
    const good = receipts[1]
    assert.equal((await verifyTimestampReceipt(good, { message: text('two'), fromGenesis: true })).ok, true)

    const failed = async (receipt: TimestampReceipt, message?: Uint8Array) =>
      (await verifyTimestampReceipt(receipt, { message })).checks.filter((c) => !c.ok).map((c) => c.name)
    assert.deepEqual(await failed({ ...good, consensusTimestamp: '1.000000000' }), ['consensus timestamp'])
    assert.deepEqual(await failed({ ...good, runningHash: receipts[0].runningHash }), ['running hash'])
    assert.deepEqual(await failed(good, text('TWO')), ['message bytes'])
    assert.deepEqual(await failed({ ...good, sequenceNumber: 99n }), ['message on mirror'])
  })

  it('returns undefined for a missing message and rejects malformed mirror answers', async () => {
    assert.equal(await fetchTopicMessage(t.node.mirrorUrl, log.topicId, 99n), undefined)
    const fakeFetch = (async () =>
      Response.json({ messages: [{ sequence_number: 'one' }], links: { next: null } })) as typeof fetch
    await assert.rejects(
      fetchTopicMessages(t.node.mirrorUrl, log.topicId, {}, { fetch: fakeFetch }),
      /has an unexpected shape/,
    )
    await assert.rejects(fetchTopicMessage(t.node.mirrorUrl, 'topic', 1n), /invalid entity id "topic"/)
    await assert.rejects(
      fetchTopicMessages(t.node.mirrorUrl, log.topicId, { maxMessages: 2 }),
      /more than 2 messages/,
    )
  })
})
