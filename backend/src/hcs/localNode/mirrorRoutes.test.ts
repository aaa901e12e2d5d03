import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TopicCreateTransaction, TopicMessageSubmitTransaction } from '@hashgraph/sdk'
import { mirrorTopicMessageSchema, mirrorTopicMessagesSchema } from '../mirrorTypes.ts'
import { startTestNode, stopTestNode, type TestNode } from './testSupport.ts'

describe('mirror REST routes of the local node', () => {
  let t: TestNode
  let topic: string
  const get = async (path: string) => {
    const res = await fetch(new URL(path, t.node.mirrorUrl))
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
      cors: res.headers.get('access-control-allow-origin'),
    }
  }
  const messages = (body: Record<string, unknown>) => mirrorTopicMessagesSchema.parse(body)

  before(async () => {
    t = await startTestNode()
    const receipt = await (await new TopicCreateTransaction().execute(t.client)).getReceipt(t.client)
    topic = String(receipt.topicId)
    for (let i = 1; i <= 7; i++) {
      await (
        await new TopicMessageSubmitTransaction().setTopicId(topic).setMessage(`m${i}`).execute(t.client)
      ).getReceipt(t.client)
    }
  })
  after(() => stopTestNode(t))

  it('lists messages in the mirror shape, ascending by default, with CORS open', async () => {
    const { status, body, cors } = await get(`/api/v1/topics/${topic}/messages`)
    assert.equal(status, 200)
    assert.equal(cors, '*')
    const page = messages(body)
    assert.deepEqual(
      page.messages.map((m) => m.sequence_number),
      [1, 2, 3, 4, 5, 6, 7],
    )
    assert.equal(Buffer.from(page.messages[0].message, 'base64').toString(), 'm1')
    assert.equal(page.messages[0].topic_id, topic)
    assert.equal(page.links.next, null)
  })

  it('paginates with limit and links.next until the end', async () => {
    const seen: number[] = []
    let path: string | null = `/api/v1/topics/${topic}/messages?limit=3`
    for (let pages = 0; path && pages < 10; pages++) {
      const page = messages((await get(path)).body)
      seen.push(...page.messages.map((m) => m.sequence_number))
      path = page.links.next
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7])
  })

  it('filters by sequencenumber and orders descending, keeping filters in links.next', async () => {
    const first = messages(
      (await get(`/api/v1/topics/${topic}/messages?order=desc&limit=2&sequencenumber=gt:2`)).body,
    )
    assert.deepEqual(
      first.messages.map((m) => m.sequence_number),
      [7, 6],
    )
    assert.ok(first.links.next)
    const second = messages((await get(first.links.next)).body)
    assert.deepEqual(
      second.messages.map((m) => m.sequence_number),
      [5, 4],
    )
    const third = messages((await get(second.links.next ?? '')).body)
    assert.deepEqual(
      third.messages.map((m) => m.sequence_number),
      [3],
    )
    assert.equal(third.links.next, null)

    const range = messages(
      (await get(`/api/v1/topics/${topic}/messages?sequencenumber=gte:3&sequencenumber=lt:5`)).body,
    )
    assert.deepEqual(
      range.messages.map((m) => m.sequence_number),
      [3, 4],
    )
  })

  it('filters by consensus timestamp', async () => {
    const all = messages((await get(`/api/v1/topics/${topic}/messages`)).body).messages
    const from = all[4].consensus_timestamp
    const page = messages((await get(`/api/v1/topics/${topic}/messages?timestamp=gte:${from}`)).body)
    assert.deepEqual(
      page.messages.map((m) => m.sequence_number),
      [5, 6, 7],
    )
    const upTo = messages(
      (await get(`/api/v1/topics/${topic}/messages?timestamp=lt:${all[1].consensus_timestamp}`)).body,
    )
    assert.deepEqual(
      upTo.messages.map((m) => m.sequence_number),
      [1],
    )
  })

  it('returns utf-8 messages on request', async () => {
    const page = messages((await get(`/api/v1/topics/${topic}/messages?encoding=utf-8&limit=1`)).body)
    assert.equal(page.messages[0].message, 'm1')
  })

  it('serves one message by sequence number', async () => {
    const { status, body } = await get(`/api/v1/topics/${topic}/messages/3`)
    assert.equal(status, 200)
    const message = mirrorTopicMessageSchema.parse(body)
    assert.equal(message.sequence_number, 3)
    assert.equal(Buffer.from(message.message, 'base64').toString(), 'm3')
  })

  it('answers bad requests with 400 and the mirror error shape', async () => {
    const cases = [
      [`/api/v1/topics/not-a-topic/messages`, 'Invalid parameter: topicId'],
      [`/api/v1/topics/${topic}/messages?limit=0`, 'Invalid parameter: limit'],
      [`/api/v1/topics/${topic}/messages?limit=101`, 'Invalid parameter: limit'],
      [`/api/v1/topics/${topic}/messages?order=sideways`, 'Invalid parameter: order'],
      [`/api/v1/topics/${topic}/messages?sequencenumber=ne:3`, 'Invalid parameter: sequencenumber'],
      [`/api/v1/topics/${topic}/messages?timestamp=yesterday`, 'Invalid parameter: timestamp'],
      [`/api/v1/topics/${topic}/messages?colour=blue`, 'Unknown query parameter: colour'],
      [`/api/v1/topics/${topic}/messages/0`, 'Invalid parameter: sequenceNumber'],
    ] as const
    for (const [path, message] of cases) {
      const { status, body } = await get(path)
      assert.equal(status, 400, path)
      assert.deepEqual(body, { _status: { messages: [{ message }] } }, path)
    }
  })

  it('answers 404 for an unknown topic or message', async () => {
    const unknownTopic = await get('/api/v1/topics/0.0.4242/messages')
    assert.equal(unknownTopic.status, 404)
    assert.deepEqual(unknownTopic.body, {
      _status: { messages: [{ message: 'No such topic id - 0.0.4242' }] },
    })
    const unknownMessage = await get(`/api/v1/topics/${topic}/messages/99`)
    assert.equal(unknownMessage.status, 404)
  })
})
