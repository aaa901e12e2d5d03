import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { PrivateKey } from '@hashgraph/sdk'
import { HcsError } from './errors.ts'
import {
  type CreateHederaTimestampLogOptions,
  createHederaTimestampLog,
  type HederaTimestampLog,
} from './hederaTimestampLog.ts'
import { type LocalHcsNode, startLocalHcsNode } from './localNode/startLocalHcsNode.ts'
import {
  fetchTopicMessage,
  fetchTopicMessages,
  readWholeMessage,
  verifyRunningHashChain,
  verifyTimestampReceipt,
} from './mirrorClient.ts'

const text = (s: string) => new TextEncoder().encode(s)

function localOptions(
  node: LocalHcsNode,
  extra: Partial<CreateHederaTimestampLogOptions> = {},
): CreateHederaTimestampLogOptions {
  return {
    network: 'local',
    grpcEndpoint: node.grpcEndpoint,
    operatorId: node.operatorId,
    operatorKey: node.operatorKey,
    mirrorUrl: node.mirrorUrl,
    grpcDeadlineMs: 2_000,
    requestTimeoutMs: 20_000,
    ...extra,
  } as CreateHederaTimestampLogOptions
}

describe('createHederaTimestampLog against the local node', () => {
  let dir: string
  let node: LocalHcsNode
  let log: HederaTimestampLog

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-log-'))
    node = await startLocalHcsNode({ dbPath: join(dir, 'hcs.sqlite') })
    log = await createHederaTimestampLog(localOptions(node))
  })
  after(async () => {
    log?.close()
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates a topic when none is configured and reports it', () => {
    assert.equal(log.createdTopic, true)
    assert.match(log.topicId, /^0\.0\.\d+$/)
    assert.equal(log.network, 'local')
  })

  it('submits a message and returns a receipt the mirror confirms', async () => {
    const message = text('{"jobId":"0x01","met":true}')
    const receipt = await log.submit(message)
    assert.equal(receipt.network, 'local')
    assert.equal(receipt.topicId, log.topicId)
    assert.equal(receipt.sequenceNumber, 1n)
    assert.equal(receipt.runningHashVersion, 3)
    assert.match(receipt.runningHash, /^0x[0-9a-f]{96}$/)
    assert.match(receipt.consensusTimestamp, /^\d+\.\d{9}$/)
    assert.match(receipt.transactionId, /^0\.0\.2@\d+\.\d{9}$/)
    assert.equal(receipt.mirrorUrl, node.mirrorUrl)

    const check = await verifyTimestampReceipt(receipt, { message, fromGenesis: true })
    assert.deepEqual(
      check.checks.filter((c) => !c.ok),
      [],
    )
    assert.equal(check.ok, true)
  })

  it('chunks a 2,500-byte message, reports its last chunk, and reads back whole', async () => {
    const big = new Uint8Array(2500).map((_, i) => (i * 7) % 256)
    const receipt = await log.submit(big)
    assert.equal(receipt.sequenceNumber, 4n) // chunks 2, 3, 4
    const whole = await readWholeMessage(node.mirrorUrl, receipt.topicId, receipt.sequenceNumber)
    assert.deepEqual(whole.message, big)
    assert.deepEqual(
      whole.chunks.map((c) => c.sequence_number),
      [2, 3, 4],
    )
    // The receipt's transaction id is the first chunk's, as the mirror's chunk_info names it.
    const [account, start] = receipt.transactionId.split('@')
    for (const chunk of whole.chunks) {
      assert.equal(chunk.chunk_info?.initial_transaction_id.account_id, account)
      assert.equal(chunk.chunk_info?.initial_transaction_id.transaction_valid_start, start)
    }
    assert.equal((await verifyTimestampReceipt(receipt, { message: big, fromGenesis: true })).ok, true)
  })

  it('reads the consensus timestamp from the mirror when asked to, with the same result', async () => {
    const viaMirror = await createHederaTimestampLog(
      localOptions(node, { topicId: log.topicId, consensusTimestampFrom: 'mirror', mirrorTimeoutMs: 5_000 }),
    )
    try {
      assert.equal(viaMirror.createdTopic, false)
      const receipt = await viaMirror.submit(text('mirror mode'))
      const mirrored = await fetchTopicMessage(node.mirrorUrl, receipt.topicId, receipt.sequenceNumber)
      assert.equal(receipt.consensusTimestamp, mirrored?.consensus_timestamp)
    } finally {
      viaMirror.close()
    }
  })

  it('refuses empty, oversized and non-byte messages before sending anything', async () => {
    const count = (await fetchTopicMessages(node.mirrorUrl, log.topicId)).length
    await assert.rejects(
      log.submit(new Uint8Array()),
      (e: unknown) => e instanceof HcsError && /empty message/.test(e.message),
    )
    await assert.rejects(log.submit(new Uint8Array(20 * 1024 + 1)), /exceeds 20480 \(20 chunks\)/)
    await assert.rejects(log.submit('text' as unknown as Uint8Array), /must be a Uint8Array/)
    const aborted = AbortSignal.abort()
    await assert.rejects(log.submit(text('late'), { signal: aborted }), { name: 'AbortError' })
    assert.equal((await fetchTopicMessages(node.mirrorUrl, log.topicId)).length, count)
  })

  it('reports a Hedera failure with network, status and transaction id', async () => {
    const wrongTopic = await createHederaTimestampLog(localOptions(node, { topicId: '0.0.4242' }))
    try {
      await assert.rejects(wrongTopic.submit(text('x')), (e: unknown) => {
        assert.ok(e instanceof HcsError)
        assert.equal(e.network, 'local')
        assert.equal(e.status, 'INVALID_TOPIC_ID')
        assert.match(e.transactionId ?? '', /^0\.0\.2@/)
        assert.match(
          e.message,
          /^HCS \(local\): chunk 1 of 1 failed: .*status INVALID_TOPIC_ID; transaction 0\.0\.2@/,
        )
        return true
      })
    } finally {
      wrongTopic.close()
    }
  })

  it('reports a wrong operator key as INVALID_SIGNATURE at topic creation', async () => {
    await assert.rejects(
      createHederaTimestampLog(
        localOptions(node, { operatorKey: PrivateKey.generateED25519().toStringDer() }),
      ),
      (e: unknown) =>
        e instanceof HcsError && e.status === 'INVALID_SIGNATURE' && /topic creation failed/.test(e.message),
    )
  })

  it('rejects bad configuration with a clear message', async () => {
    await assert.rejects(
      createHederaTimestampLog(localOptions(node, { topicId: 'topic-1' })),
      /invalid topic id "topic-1"/,
    )
    await assert.rejects(
      createHederaTimestampLog(localOptions(node, { mirrorUrl: 'ftp://x' })),
      /invalid mirror URL/,
    )
    await assert.rejects(
      createHederaTimestampLog(localOptions(node, { operatorId: 'alice' })),
      /invalid operator account id "alice"/,
    )
    await assert.rejects(
      createHederaTimestampLog(localOptions(node, { operatorKey: 'ab'.repeat(32) })),
      /raw 32-byte operator key needs operatorKeyType/,
    )
  })
})

describe('restarting the local node on the same database', () => {
  it('keeps the operator key, the topic, its sequence numbers and its running-hash chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-restart-'))
    const dbPath = join(dir, 'hcs.sqlite')
    try {
      const first = await startLocalHcsNode({ dbPath })
      const log1 = await createHederaTimestampLog(localOptions(first))
      const r1 = await log1.submit(text('before restart 1'))
      const r2 = await log1.submit(text('before restart 2'))
      log1.close()
      await first.close()

      const second = await startLocalHcsNode({ dbPath })
      assert.equal(second.operatorKey, first.operatorKey)
      const log2 = await createHederaTimestampLog(localOptions(second, { topicId: log1.topicId }))
      const r3 = await log2.submit(text('after restart'))
      log2.close()

      assert.deepEqual([r1.sequenceNumber, r2.sequenceNumber, r3.sequenceNumber], [1n, 2n, 3n])
      assert.ok(r3.consensusTimestamp > r2.consensusTimestamp)
      const all = await fetchTopicMessages(second.mirrorUrl, log1.topicId)
      assert.deepEqual(verifyRunningHashChain(all), { ok: true })
      assert.equal(
        (await verifyTimestampReceipt({ ...r3, mirrorUrl: second.mirrorUrl }, { fromGenesis: true })).ok,
        true,
      )
      await second.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
