import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  AccountId,
  KeyList,
  PrecheckStatusError,
  PrivateKey,
  ReceiptStatusError,
  Status,
  Timestamp,
  TopicCreateTransaction,
  TopicId,
  TopicMessageSubmitTransaction,
  Transaction,
  TransactionId,
} from '@hashgraph/sdk'
import {
  computeRunningHashV3,
  formatConsensusTime,
  initialRunningHash,
  parseConsensusTime,
  parseEntityId,
} from '@veritree/core/hcs'
import { bytesToHex } from 'viem'
import { fetchTopicMessage, fetchTopicMessages, verifyRunningHashChain } from '../mirrorClient.ts'
import { clientFor, startTestNode, stopTestNode, type TestNode } from './testSupport.ts'

const text = (s: string) => new TextEncoder().encode(s)

describe('local HCS node through the real @hashgraph/sdk', () => {
  let t: TestNode
  let topicId: TopicId

  before(async () => {
    t = await startTestNode()
    const receipt = await (
      await new TopicCreateTransaction().setTopicMemo('test').execute(t.client)
    ).getReceipt(t.client)
    assert.ok(receipt.topicId)
    topicId = receipt.topicId
  })
  after(() => stopTestNode(t))

  it('creates topics with user entity numbers from 0.0.1001', () => {
    assert.equal(topicId.toString(), '0.0.1001')
  })

  it('submits a message: receipt, record and mirror agree, and the running hash is version 3', async () => {
    const response = await new TopicMessageSubmitTransaction()
      .setTopicId(topicId)
      .setMessage('first')
      .execute(t.client)
    const receipt = await response.getReceipt(t.client)
    assert.equal(receipt.status, Status.Success)
    assert.equal(receipt.topicSequenceNumber?.toString(), '1')
    const record = await response.getRecord(t.client)
    assert.equal(record.transactionId.toString(), response.transactionId.toString())
    const consensus = formatConsensusTime({
      seconds: BigInt(record.consensusTimestamp.seconds.toString()),
      nanos: record.consensusTimestamp.nanos.toNumber(),
    })

    const mirrored = await fetchTopicMessage(t.node.mirrorUrl, topicId.toString(), 1n)
    assert.ok(mirrored)
    assert.equal(mirrored.consensus_timestamp, consensus)
    assert.equal(mirrored.payer_account_id, '0.0.2')
    assert.equal(mirrored.running_hash_version, 3)
    assert.equal(Buffer.from(mirrored.message, 'base64').toString(), 'first')
    assert.equal(
      Buffer.from(mirrored.running_hash, 'base64').toString('hex'),
      Buffer.from(receipt.topicRunningHash ?? []).toString('hex'),
    )

    // Independently recomputed from the parts the receipt and record report.
    const expected = computeRunningHashV3({
      previousRunningHash: initialRunningHash(),
      payer: parseEntityId('0.0.2'),
      topic: parseEntityId(topicId.toString()),
      consensusTime: parseConsensusTime(consensus),
      sequenceNumber: 1n,
      message: text('first'),
    })
    assert.equal(bytesToHex(expected), bytesToHex(receipt.topicRunningHash ?? new Uint8Array()))
  })

  it('gives strictly increasing consensus timestamps and sequence numbers', async () => {
    for (const m of ['a', 'b', 'c']) {
      await (
        await new TopicMessageSubmitTransaction().setTopicId(topicId).setMessage(m).execute(t.client)
      ).getReceipt(t.client)
    }
    const all = await fetchTopicMessages(t.node.mirrorUrl, topicId.toString())
    assert.deepEqual(
      all.map((m) => m.sequence_number),
      [1, 2, 3, 4],
    )
    const times = all.map((m) => m.consensus_timestamp)
    for (let i = 1; i < times.length; i++) {
      const [a, b] = [parseConsensusTime(times[i - 1]), parseConsensusTime(times[i])]
      assert.ok(
        a.seconds < b.seconds || (a.seconds === b.seconds && a.nanos < b.nanos),
        `${times[i - 1]} < ${times[i]}`,
      )
    }
    assert.deepEqual(verifyRunningHashChain(all), { ok: true })
  })

  it('chunks a message over 1024 bytes into several sequence numbers with chunk_info', async () => {
    const big = new Uint8Array(2500).map((_, i) => i % 251)
    const tx = new TopicMessageSubmitTransaction().setTopicId(topicId).setMessage(big)
    const responses = await tx.executeAll(t.client)
    assert.equal(responses.length, 3)
    const receipts = []
    for (const r of responses) receipts.push(await r.getReceipt(t.client))
    const seqs = receipts.map((r) => Number(r.topicSequenceNumber))
    assert.deepEqual(seqs, [5, 6, 7])
    const chunks = await fetchTopicMessages(t.node.mirrorUrl, topicId.toString(), { fromSequence: 5n })
    assert.deepEqual(
      chunks.map((c) => c.chunk_info?.number),
      [1, 2, 3],
    )
    assert.ok(chunks.every((c) => c.chunk_info?.total === 3))
    const initial = responses[0].transactionId
    for (const c of chunks) {
      assert.equal(c.chunk_info?.initial_transaction_id.account_id, '0.0.2')
      assert.equal(
        c.chunk_info?.initial_transaction_id.transaction_valid_start,
        `${initial.validStart?.seconds}.${String(initial.validStart?.nanos).padStart(9, '0')}`,
      )
    }
    const whole = Buffer.concat(chunks.map((c) => Buffer.from(c.message, 'base64')))
    assert.deepEqual(new Uint8Array(whole), big)
  })

  describe('rejections use Hedera status codes and change nothing', () => {
    let acceptedCount: number

    before(async () => {
      acceptedCount = (await fetchTopicMessages(t.node.mirrorUrl, topicId.toString())).length
    })

    it('a payer signature by the wrong key is INVALID_SIGNATURE at precheck', async () => {
      const impostor = clientFor(t.node, t.node.operatorId, PrivateKey.generateED25519().toStringDer())
      try {
        await assert.rejects(
          new TopicMessageSubmitTransaction().setTopicId(topicId).setMessage('forged').execute(impostor),
          (error: unknown) =>
            error instanceof PrecheckStatusError && error.status === Status.InvalidSignature,
        )
      } finally {
        impostor.close()
      }
    })

    it('an unknown payer account is PAYER_ACCOUNT_NOT_FOUND', async () => {
      const stranger = clientFor(t.node, '0.0.77', PrivateKey.generateED25519().toStringDer())
      try {
        await assert.rejects(
          new TopicMessageSubmitTransaction().setTopicId(topicId).setMessage('who?').execute(stranger),
          (error: unknown) =>
            error instanceof PrecheckStatusError && error.status === Status.PayerAccountNotFound,
        )
      } finally {
        stranger.close()
      }
    })

    it('an unknown topic reaches consensus and fails with receipt status INVALID_TOPIC_ID', async () => {
      const response = await new TopicMessageSubmitTransaction()
        .setTopicId(TopicId.fromString('0.0.9999'))
        .setMessage('nowhere')
        .execute(t.client)
      await assert.rejects(
        response.getReceipt(t.client),
        (error: unknown) => error instanceof ReceiptStatusError && error.status === Status.InvalidTopicId,
      )
    })

    it('an empty message is INVALID_TOPIC_MESSAGE', async () => {
      await assert.rejects(
        new TopicMessageSubmitTransaction().setTopicId(topicId).execute(t.client),
        (error: unknown) =>
          error instanceof PrecheckStatusError && error.status === Status.InvalidTopicMessage,
      )
    })

    it('an expired transaction is TRANSACTION_EXPIRED', async () => {
      const validStart = Timestamp.fromDate(new Date(Date.now() - 200_000))
      await assert.rejects(
        new TopicMessageSubmitTransaction()
          .setTopicId(topicId)
          .setMessage('late')
          .setTransactionId(TransactionId.withValidStart(AccountId.fromString(t.node.operatorId), validStart))
          .execute(t.client),
        (error: unknown) =>
          error instanceof PrecheckStatusError && error.status === Status.TransactionExpired,
      )
    })

    it('sending the same signed transaction twice is DUPLICATE_TRANSACTION', async () => {
      const tx = await new TopicMessageSubmitTransaction()
        .setTopicId(topicId)
        .setMessage('once')
        .freezeWith(t.client)
        .signWithOperator(t.client)
      const bytes = tx.toBytes()
      await (await Transaction.fromBytes(bytes).execute(t.client)).getReceipt(t.client)
      acceptedCount += 1 // the first copy is a real message
      await assert.rejects(
        Transaction.fromBytes(bytes).execute(t.client),
        (error: unknown) =>
          error instanceof PrecheckStatusError && error.status === Status.DuplicateTransaction,
      )
    })

    it("a topic's submit key is enforced: receipt status INVALID_SIGNATURE", async () => {
      const submitKey = PrivateKey.generateED25519()
      const created = await (
        await new TopicCreateTransaction().setSubmitKey(submitKey.publicKey).execute(t.client)
      ).getReceipt(t.client)
      assert.ok(created.topicId)
      const unsigned = await new TopicMessageSubmitTransaction()
        .setTopicId(created.topicId)
        .setMessage('no key')
        .execute(t.client)
      await assert.rejects(
        unsigned.getReceipt(t.client),
        (error: unknown) => error instanceof ReceiptStatusError && error.status === Status.InvalidSignature,
      )
      const signed = await (
        await new TopicMessageSubmitTransaction()
          .setTopicId(created.topicId)
          .setMessage('with key')
          .freezeWith(t.client)
          .sign(submitKey)
      ).execute(t.client)
      assert.equal((await signed.getReceipt(t.client)).topicSequenceNumber?.toString(), '1')
    })

    it('checks ECDSA signatures inside a 1-of-2 threshold submit key', async () => {
      const ecdsa = PrivateKey.generateECDSA()
      const other = PrivateKey.generateED25519()
      const submitKey = new KeyList([ecdsa.publicKey, other.publicKey], 1)
      const created = await (
        await new TopicCreateTransaction().setSubmitKey(submitKey).execute(t.client)
      ).getReceipt(t.client)
      assert.ok(created.topicId)
      const unsigned = await new TopicMessageSubmitTransaction()
        .setTopicId(created.topicId)
        .setMessage('none')
        .execute(t.client)
      await assert.rejects(
        unsigned.getReceipt(t.client),
        (error: unknown) => error instanceof ReceiptStatusError && error.status === Status.InvalidSignature,
      )
      const signed = await (
        await new TopicMessageSubmitTransaction()
          .setTopicId(created.topicId)
          .setMessage('ecdsa')
          .freezeWith(t.client)
          .sign(ecdsa)
      ).execute(t.client)
      assert.equal((await signed.getReceipt(t.client)).topicSequenceNumber?.toString(), '1')
    })

    it('left the first topic with only the accepted messages and an intact chain', async () => {
      const all = await fetchTopicMessages(t.node.mirrorUrl, topicId.toString())
      assert.equal(all.length, acceptedCount)
      assert.deepEqual(verifyRunningHashChain(all), { ok: true })
    })
  })
})
