/**
 * Reads topic messages from a mirror node's REST API and re-checks them: the running-hash
 * chain, chunk reassembly, and a {@link TimestampReceipt} against what the mirror serves.
 * Works against Hedera's mirrors and the local node's mirror route alike. No `node:`
 * imports: the certificate page runs this in the browser.
 */

import { errorMessage } from '@veritree/core/errors'
import {
  computeRunningHashV3,
  initialRunningHash,
  parseConsensusTime,
  parseEntityId,
  RUNNING_HASH_LENGTH,
  RUNNING_HASH_VERSION,
} from '@veritree/core/hcs'
import { bytesToHex, concatBytes } from 'viem'
import type { ZodType } from 'zod'
import type { TimestampReceipt } from '../attest/types.ts'
import {
  type MirrorTopicMessage,
  type MirrorTopicMessages,
  mirrorTopicMessageSchema,
  mirrorTopicMessagesSchema,
} from './mirrorTypes.ts'

export type MirrorRequestOptions = {
  signal?: AbortSignal
  /** Injected fetch (tests, proxies); defaults to the global one. */
  fetch?: typeof fetch
}

/** Largest page the mirror serves. */
const PAGE_LIMIT = 100

/**
 * One message by sequence number, or `undefined` if the mirror does not have it (yet).
 * @example const m = await fetchTopicMessage('https://testnet.mirrornode.hedera.com', '0.0.1234', 1n)
 */
export async function fetchTopicMessage(
  mirrorUrl: string,
  topicId: string,
  sequenceNumber: bigint,
  options: MirrorRequestOptions = {},
): Promise<MirrorTopicMessage | undefined> {
  parseEntityId(topicId)
  const url = new URL(`/api/v1/topics/${topicId}/messages/${sequenceNumber}`, mirrorUrl)
  const body = await getJson(url, options, true)
  return body === undefined ? undefined : parseWith(mirrorTopicMessageSchema, body, url)
}

export type MessageRange = {
  /** First sequence number wanted (inclusive), default 1. */
  fromSequence?: bigint
  /** Last sequence number wanted (inclusive); default: whatever the mirror has. */
  toSequence?: bigint
  /** Stop with an error rather than read more than this many messages. Default 10,000. */
  maxMessages?: number
}

/**
 * Messages of a topic in ascending sequence order, following `links.next` page by page.
 * @throws if the range holds more than `maxMessages`
 */
export async function fetchTopicMessages(
  mirrorUrl: string,
  topicId: string,
  range: MessageRange = {},
  options: MirrorRequestOptions = {},
): Promise<MirrorTopicMessage[]> {
  parseEntityId(topicId)
  const maxMessages = range.maxMessages ?? 10_000
  const params = new URLSearchParams({ limit: String(PAGE_LIMIT), order: 'asc' })
  params.append('sequencenumber', `gte:${range.fromSequence ?? 1n}`)
  if (range.toSequence !== undefined) params.append('sequencenumber', `lte:${range.toSequence}`)
  let url: URL | undefined = new URL(`/api/v1/topics/${topicId}/messages?${params}`, mirrorUrl)
  const out: MirrorTopicMessage[] = []
  while (url) {
    const page: MirrorTopicMessages = parseWith(
      mirrorTopicMessagesSchema,
      await getJson(url, options, false),
      url,
    )
    out.push(...page.messages)
    if (out.length > maxMessages) {
      throw new Error(`topic ${topicId} has more than ${maxMessages} messages in the requested range`)
    }
    url = page.links.next && page.messages.length > 0 ? new URL(page.links.next, mirrorUrl) : undefined
  }
  return out
}

/** The 48-byte running hash a message should carry, given the one before it. */
export function recomputeRunningHash(
  message: MirrorTopicMessage,
  previousRunningHash: Uint8Array,
): Uint8Array {
  return computeRunningHashV3({
    previousRunningHash,
    payer: parseEntityId(message.payer_account_id),
    topic: parseEntityId(message.topic_id),
    consensusTime: parseConsensusTime(message.consensus_timestamp),
    sequenceNumber: BigInt(message.sequence_number),
    message: base64ToBytes(message.message),
  })
}

export type ChainCheck = { ok: true } | { ok: false; sequenceNumber: number; reason: string }

/**
 * Re-verifies consecutive messages: sequence numbers without gaps, version 3, and each
 * running hash recomputed from the previous one.
 * @param previousRunningHash running hash before the first message (48 zero bytes before message 1)
 */
export function verifyRunningHashChain(
  messages: MirrorTopicMessage[],
  previousRunningHash: Uint8Array = initialRunningHash(),
): ChainCheck {
  let previous = previousRunningHash
  let expectedSequence = messages[0]?.sequence_number
  for (const message of messages) {
    const fail = (reason: string): ChainCheck => ({
      ok: false,
      sequenceNumber: message.sequence_number,
      reason,
    })
    if (message.sequence_number !== expectedSequence)
      return fail(`expected sequence number ${expectedSequence}`)
    if (message.running_hash_version !== RUNNING_HASH_VERSION) {
      return fail(
        `running hash version ${message.running_hash_version}, only ${RUNNING_HASH_VERSION} is checked`,
      )
    }
    const recomputed = recomputeRunningHash(message, previous)
    const served = base64ToBytes(message.running_hash)
    if (!equalBytes(recomputed, served)) {
      return fail(`running hash ${bytesToHex(served)} does not match recomputed ${bytesToHex(recomputed)}`)
    }
    previous = served
    expectedSequence = message.sequence_number + 1
  }
  return { ok: true }
}

/**
 * The whole message that ends at `sequenceNumber`: a single message, or every chunk of a
 * chunked one (same initial transaction id), searched backwards from its last chunk.
 */
export async function readWholeMessage(
  mirrorUrl: string,
  topicId: string,
  sequenceNumber: bigint,
  options: MirrorRequestOptions = {},
): Promise<{ message: Uint8Array; chunks: MirrorTopicMessage[] }> {
  const last = await fetchTopicMessage(mirrorUrl, topicId, sequenceNumber, options)
  if (!last) throw new Error(`topic ${topicId} has no message ${sequenceNumber} on ${mirrorUrl}`)
  const info = last.chunk_info
  if (!info || info.total === 1) return { message: base64ToBytes(last.message), chunks: [last] }

  // Chunks are submitted in order, but other messages may be interleaved between them.
  const sameGroup = (m: MirrorTopicMessage) =>
    JSON.stringify(m.chunk_info?.initial_transaction_id) === JSON.stringify(info.initial_transaction_id)
  const windowStart = sequenceNumber > 1000n ? sequenceNumber - 1000n : 1n
  const nearby = await fetchTopicMessages(
    mirrorUrl,
    topicId,
    { fromSequence: windowStart, toSequence: sequenceNumber },
    options,
  )
  const chunks = new Map<number, MirrorTopicMessage>()
  for (const m of nearby) if (sameGroup(m) && m.chunk_info) chunks.set(m.chunk_info.number, m)
  const ordered: MirrorTopicMessage[] = []
  for (let n = 1; n <= info.total; n++) {
    const chunk = chunks.get(n)
    if (!chunk)
      throw new Error(`topic ${topicId}: chunk ${n} of ${info.total} for message ${sequenceNumber} not found`)
    ordered.push(chunk)
  }
  return { message: concatBytes(ordered.map((c) => base64ToBytes(c.message))), chunks: ordered }
}

export type ReceiptCheck = {
  ok: boolean
  /** One line per check, in order, for display on the certificate page. */
  checks: { name: string; ok: boolean; detail: string }[]
}

/**
 * Re-checks a timestamp receipt against the mirror: the message exists with the same
 * consensus timestamp and running hash, the running hash follows from the previous one,
 * and (if given) the message bytes are the ones timestamped. With `fromGenesis`, the whole
 * chain from message 1 is recomputed too.
 */
export async function verifyTimestampReceipt(
  receipt: TimestampReceipt,
  check: { message?: Uint8Array; fromGenesis?: boolean; maxMessages?: number } = {},
  options: MirrorRequestOptions = {},
): Promise<ReceiptCheck> {
  const checks: ReceiptCheck['checks'] = []
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail })
  const { mirrorUrl, topicId, sequenceNumber } = receipt

  const served = await fetchTopicMessage(mirrorUrl, topicId, sequenceNumber, options)
  if (!served) {
    add('message on mirror', false, `${mirrorUrl} has no message ${sequenceNumber} in topic ${topicId}`)
    return { ok: false, checks }
  }
  add('message on mirror', true, `topic ${topicId}, sequence ${sequenceNumber}`)
  add(
    'consensus timestamp',
    served.consensus_timestamp === receipt.consensusTimestamp,
    `mirror ${served.consensus_timestamp}, receipt ${receipt.consensusTimestamp}`,
  )
  const servedHash = bytesToHex(base64ToBytes(served.running_hash))
  add(
    'running hash',
    servedHash === receipt.runningHash.toLowerCase(),
    `mirror ${servedHash}, receipt ${receipt.runningHash}`,
  )

  const previousHash =
    sequenceNumber === 1n ? initialRunningHash() : await previousRunningHash(receipt, options)
  if (previousHash) {
    const step = verifyRunningHashChain([served], previousHash)
    add(
      'running hash recomputed',
      step.ok,
      step.ok ? 'SHA-384 (version 3) from the previous hash' : step.reason,
    )
  } else {
    add('running hash recomputed', false, `message ${sequenceNumber - 1n} missing on mirror`)
  }

  if (check.message) {
    const whole = await readWholeMessage(mirrorUrl, topicId, sequenceNumber, options)
    add(
      'message bytes',
      equalBytes(whole.message, check.message),
      `${whole.chunks.length} chunk(s), ${whole.message.length} bytes`,
    )
  }
  if (check.fromGenesis) {
    const all = await fetchTopicMessages(
      mirrorUrl,
      topicId,
      { toSequence: sequenceNumber, maxMessages: check.maxMessages },
      options,
    )
    const chain = verifyRunningHashChain(all)
    const complete = all.length === Number(sequenceNumber)
    add(
      'chain from genesis',
      chain.ok && complete,
      chain.ok ? `${all.length} messages` : `message ${chain.sequenceNumber}: ${chain.reason}`,
    )
  }
  return { ok: checks.every((c) => c.ok), checks }
}

async function previousRunningHash(receipt: TimestampReceipt, options: MirrorRequestOptions) {
  const previous = await fetchTopicMessage(
    receipt.mirrorUrl,
    receipt.topicId,
    receipt.sequenceNumber - 1n,
    options,
  )
  return previous ? base64ToBytes(previous.running_hash) : undefined
}

/** Hex running hash from mirror base64 (what {@link TimestampReceipt.runningHash} holds). */
export function runningHashHex(message: MirrorTopicMessage): `0x${string}` {
  const bytes = base64ToBytes(message.running_hash)
  if (bytes.length !== RUNNING_HASH_LENGTH)
    throw new Error(`running hash of message ${message.sequence_number} is not 48 bytes`)
  return bytesToHex(bytes)
}

async function getJson(url: URL, options: MirrorRequestOptions, allowNotFound: boolean): Promise<unknown> {
  const doFetch = options.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(url, { signal: options.signal, headers: { accept: 'application/json' } })
  } catch (error) {
    throw new Error(`mirror request ${url} failed: ${errorMessage(error)}`, { cause: error })
  }
  if (allowNotFound && response.status === 404) return undefined
  if (!response.ok) {
    const text = await response.text().catch(() => '')
    throw new Error(`mirror request ${url} answered ${response.status}: ${text.slice(0, 200)}`)
  }
  return response.json()
}

function parseWith<T>(schema: ZodType<T>, value: unknown, url: URL): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success)
    throw new Error(`mirror response from ${url} has an unexpected shape: ${parsed.error.message}`)
  return parsed.data
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
