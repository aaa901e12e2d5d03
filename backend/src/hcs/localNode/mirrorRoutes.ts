/**
 * The mirror node's topic-message REST routes over the local node's store:
 *   GET /api/v1/topics/:topicId/messages        (limit, order, sequencenumber, timestamp, encoding)
 *   GET /api/v1/topics/:topicId/messages/:seq
 * Same JSON shape, filters and pagination (`links.next`) as Hedera's mirror node.
 */
import { proto } from '@hashgraph/proto'
import {
  type EntityId,
  formatConsensusTime,
  formatEntityId,
  fromEpochNanos,
  parseEntityId,
  RUNNING_HASH_VERSION,
  toEpochNanos,
} from '@veritree/core/hcs'
import { type Request, type Response, Router } from 'express'
import { z } from 'zod'
import type { MirrorError, MirrorTopicMessage, MirrorTopicMessages } from '../mirrorTypes.ts'
import { transactionIdFromProto } from './protoValues.ts'
import type { Comparison, HcsStore, MessageRow } from './store.ts'

const DEFAULT_LIMIT = 25
const MAX_LIMIT = 100
const ALLOWED_PARAMS = new Set(['limit', 'order', 'sequencenumber', 'timestamp', 'encoding'])

const comparison = /^(?:(eq|gt|gte|lt|lte):)?(.+)$/
const sequenceValue = /^\d{1,19}$/
const timestampValue = /^(\d{1,19})(?:\.(\d{1,9}))?$/

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  order: z.enum(['asc', 'desc']).default('asc'),
  sequencenumber: z.union([z.string(), z.array(z.string())]).optional(),
  timestamp: z.union([z.string(), z.array(z.string())]).optional(),
  encoding: z.enum(['base64', 'utf-8']).default('base64'),
})

/** Builds the router; mount it at the server root. */
export function createMirrorRouter(store: HcsStore): Router {
  const router = Router()
  router.use((_req, res, next) => {
    // Topic messages are public data; the certificate page reads them from the browser.
    res.setHeader('Access-Control-Allow-Origin', '*')
    next()
  })

  router.get('/api/v1/topics/:topicId/messages', (req, res) => {
    const topic = parseTopic(req.params.topicId)
    if (!topic) return sendError(res, 400, 'Invalid parameter: topicId')
    const unknown = Object.keys(req.query).filter((key) => !ALLOWED_PARAMS.has(key))
    if (unknown.length > 0) return sendError(res, 400, `Unknown query parameter: ${unknown.join(', ')}`)
    const parsed = listQuerySchema.safeParse(req.query)
    if (!parsed.success) {
      return sendError(res, 400, `Invalid parameter: ${String(parsed.error.issues[0]?.path[0] ?? 'query')}`)
    }
    const query = parsed.data
    const sequenceNumber = parseComparisons(query.sequencenumber, parseSequence)
    if (!sequenceNumber) return sendError(res, 400, 'Invalid parameter: sequencenumber')
    const consensusNs = parseComparisons(query.timestamp, parseTimestampNs)
    if (!consensusNs) return sendError(res, 400, 'Invalid parameter: timestamp')
    if (!store.getTopic(topic.num)) return sendError(res, 404, `No such topic id - ${formatEntityId(topic)}`)

    const rows = store.listMessages({
      topicNum: topic.num,
      sequenceNumber,
      consensusNs,
      order: query.order,
      limit: query.limit,
    })
    const body: MirrorTopicMessages = {
      messages: rows.map((row) => toMirrorMessage(row, topic, query.encoding)),
      links: { next: nextLink(req, topic, rows, query.limit, query.order, sequenceNumber) },
    }
    res.json(body)
  })

  router.get('/api/v1/topics/:topicId/messages/:sequenceNumber', (req, res) => {
    const topic = parseTopic(req.params.topicId)
    if (!topic) return sendError(res, 400, 'Invalid parameter: topicId')
    const seq = parseSequence(req.params.sequenceNumber)
    if (seq === undefined || seq < 1n) return sendError(res, 400, 'Invalid parameter: sequenceNumber')
    const row = store.getMessage(topic.num, seq)
    if (!row) return sendError(res, 404, 'Not found')
    res.json(toMirrorMessage(row, topic, 'base64'))
  })

  return router
}

/** One stored message in the mirror's JSON shape. */
export function toMirrorMessage(
  row: MessageRow,
  topic: EntityId,
  encoding: 'base64' | 'utf-8',
): MirrorTopicMessage {
  return {
    chunk_info: row.chunk ? toChunkInfo(row.chunk) : null,
    consensus_timestamp: formatConsensusTime(fromEpochNanos(row.consensusNs)),
    message:
      encoding === 'utf-8'
        ? new TextDecoder().decode(row.message)
        : Buffer.from(row.message).toString('base64'),
    payer_account_id: formatEntityId({ shard: 0n, realm: 0n, num: row.payerNum }),
    running_hash: Buffer.from(row.runningHash).toString('base64'),
    running_hash_version: RUNNING_HASH_VERSION,
    sequence_number: Number(row.sequenceNumber),
    topic_id: formatEntityId(topic),
  }
}

function toChunkInfo(chunk: NonNullable<MessageRow['chunk']>): MirrorTopicMessage['chunk_info'] {
  const id = transactionIdFromProto(proto.TransactionID.decode(chunk.initialTransactionId))
  if (!id) throw new Error('stored chunk has an incomplete initial transaction id')
  return {
    initial_transaction_id: {
      account_id: formatEntityId(id.payer),
      nonce: id.nonce,
      scheduled: id.scheduled,
      transaction_valid_start: formatConsensusTime(id.validStart),
    },
    number: chunk.number,
    total: chunk.total,
  }
}

/**
 * The next page keeps the caller's filters and moves the sequence-number bound past the last
 * row; there is a next page link whenever this page is full (as on Hedera's mirror).
 */
function nextLink(
  req: Request,
  topic: EntityId,
  rows: MessageRow[],
  limit: number,
  order: 'asc' | 'desc',
  sequenceNumber: Comparison[],
): string | null {
  const last = rows.at(-1)
  if (!last || rows.length < limit || sequenceNumber.some((c) => c.op === 'eq')) return null
  const keep = (c: Comparison) =>
    order === 'asc' ? c.op === 'lt' || c.op === 'lte' : c.op === 'gt' || c.op === 'gte'
  const params = new URLSearchParams()
  params.set('limit', String(limit))
  params.set('order', order)
  for (const c of sequenceNumber.filter(keep)) params.append('sequencenumber', `${c.op}:${c.value}`)
  params.append('sequencenumber', `${order === 'asc' ? 'gt' : 'lt'}:${last.sequenceNumber}`)
  for (const value of asArray(req.query.timestamp as string | string[] | undefined))
    params.append('timestamp', value)
  if (req.query.encoding) params.set('encoding', String(req.query.encoding))
  return `/api/v1/topics/${formatEntityId(topic)}/messages?${params.toString()}`
}

function parseTopic(text: string | undefined): EntityId | undefined {
  try {
    return text === undefined ? undefined : parseEntityId(text)
  } catch {
    return undefined
  }
}

function parseSequence(text: string): bigint | undefined {
  return sequenceValue.test(text) ? BigInt(text) : undefined
}

/** Mirror timestamps: `seconds` or `seconds.n` with up to nine digits of nanos. */
function parseTimestampNs(text: string): bigint | undefined {
  const match = timestampValue.exec(text)
  if (!match) return undefined
  return toEpochNanos({ seconds: BigInt(match[1]), nanos: Number((match[2] ?? '').padEnd(9, '0')) })
}

function parseComparisons(
  raw: string | string[] | undefined,
  parseValue: (text: string) => bigint | undefined,
): Comparison[] | undefined {
  const out: Comparison[] = []
  for (const item of asArray(raw)) {
    const match = comparison.exec(item)
    const value = match ? parseValue(match[2]) : undefined
    if (!match || value === undefined) return undefined
    out.push({ op: (match[1] ?? 'eq') as Comparison['op'], value })
  }
  return out
}

function asArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function sendError(res: Response, status: number, message: string): void {
  const body: MirrorError = { _status: { messages: [{ message }] } }
  res.status(status).json(body)
}
