/**
 * {@link TimestampLog} on Hedera Consensus Service through the real `@hashgraph/sdk`. The
 * local node and testnet/mainnet share this code path; only the SDK Client differs.
 */

import {
  type Client,
  TopicCreateTransaction,
  TopicId,
  TopicMessageSubmitTransaction,
  type TransactionReceipt,
  type TransactionResponse,
} from '@hashgraph/sdk'
import { errorMessage } from '@veritree/core/errors'
import {
  formatConsensusTime,
  HCS_CHUNK_BYTES,
  HCS_MAX_CHUNKS,
  RUNNING_HASH_LENGTH,
  RUNNING_HASH_VERSION,
} from '@veritree/core/hcs'
import { type Logger, pino } from 'pino'
import { bytesToHex } from 'viem'
import type { TimestampLog, TimestampReceipt, TimestampSubmission } from '../attest/types.ts'
import { HcsError, statusOf } from './errors.ts'
import { createHederaClient, type HederaClientOptions, parseOperatorKey } from './hederaClient.ts'
import { fetchTopicMessage, fetchTopicMessages, readWholeMessage, runningHashHex } from './mirrorClient.ts'

/** The SDK's chunk size, and how many chunks one submit may use (the SDK's default). */
export const MAX_MESSAGE_BYTES = HCS_CHUNK_BYTES * HCS_MAX_CHUNKS

export type CreateHederaTimestampLogOptions = HederaClientOptions & {
  /** Existing topic to append to; if absent, one is created and reported as `topicId`. */
  topicId?: string
  /** Mirror REST base URL: the local node's, or e.g. `PUBLIC_MIRROR_URLS.testnet`. */
  mirrorUrl: string
  logger?: Logger
  /**
   * Where the consensus timestamp is read. `record` (default) asks the consensus node for the
   * transaction record (a paid query of a fraction of a cent on real networks); `mirror`
   * polls the mirror until the message appears, up to `mirrorTimeoutMs`.
   */
  consensusTimestampFrom?: 'record' | 'mirror'
  /** Default 30 s: public mirrors lag consensus by a few seconds. */
  mirrorTimeoutMs?: number
  /** Memo for a topic this log creates. */
  topicMemo?: string
}

export type HederaTimestampLog = TimestampLog & {
  readonly topicId: string
  /** True if this instance created the topic: persist `topicId` so the next start reuses it. */
  readonly createdTopic: boolean
  /** Closes the SDK client's gRPC channels. */
  close(): void
}

/**
 * Connects to the network, creating the topic when none is configured. The created topic's
 * submit key is the operator's key, so nobody else can write into the log; it has no admin
 * key, so nobody can delete or change it.
 *
 * @example
 * const log = await createHederaTimestampLog({ network: 'local', grpcEndpoint: node.grpcEndpoint,
 *   operatorId: node.operatorId, operatorKey: node.operatorKey, mirrorUrl: node.mirrorUrl })
 * const receipt = await log.submit(new TextEncoder().encode('{"jobId":"0x01"}'))
 */
export async function createHederaTimestampLog(
  options: CreateHederaTimestampLogOptions,
): Promise<HederaTimestampLog> {
  const network = options.network
  const logger = options.logger ?? pino({ level: 'silent' })
  const mirrorUrl = parseMirrorUrl(options.mirrorUrl, network)
  let client: Client
  try {
    client = createHederaClient(options)
  } catch (error) {
    throw new HcsError(`bad client configuration: ${errorMessage(error)}`, {
      network,
      cause: error,
    })
  }

  try {
    let topicId: string
    let createdTopic = false
    if (options.topicId !== undefined) {
      topicId = parseTopicId(options.topicId, network)
    } else {
      topicId = await createTopic(client, network, options)
      createdTopic = true
      logger.info({ network, topicId }, 'created HCS topic for the timestamp log')
    }

    const ctx = { client, network, topicId, mirrorUrl, logger, options }
    const submit: TimestampLog['submit'] = (message, submitOptions = {}) =>
      submitMessage(ctx, message, submitOptions.signal, submitOptions.onSubmitting)
    const lookup: TimestampLog['lookup'] = (submission, message, lookupOptions = {}) =>
      lookupMessage(ctx, submission, message, lookupOptions.signal)
    return { network, topicId, createdTopic, submit, lookup, close: () => client.close() }
  } catch (error) {
    client.close()
    throw error
  }
}

type SubmitContext = {
  client: Client
  network: HederaClientOptions['network']
  topicId: string
  mirrorUrl: string
  logger: Logger
  options: CreateHederaTimestampLogOptions
}

async function createTopic(
  client: Client,
  network: string,
  options: CreateHederaTimestampLogOptions,
): Promise<string> {
  const operatorKey = parseOperatorKey(options.operatorKey, options.operatorKeyType)
  const transaction = new TopicCreateTransaction()
    .setSubmitKey(operatorKey.publicKey)
    .setTopicMemo(options.topicMemo ?? 'veritree timestamp log')
    .freezeWith(client)
  const transactionId = transaction.transactionId?.toString()
  try {
    const response = await transaction.execute(client)
    const receipt = await response.getReceipt(client)
    if (!receipt.topicId) throw new Error('receipt has no topic id')
    return receipt.topicId.toString()
  } catch (error) {
    throw new HcsError(`topic creation failed: ${errorMessage(error)}`, {
      network,
      transactionId,
      status: statusOf(error),
      cause: error,
    })
  }
}

/**
 * Submits one message (chunked by the SDK above 1,024 bytes) and returns where it landed.
 * For a chunked message the receipt describes the last chunk, whose running hash covers the
 * whole message, and `transactionId` is the first chunk's (the mirror's `initial_transaction_id`).
 */
async function submitMessage(
  ctx: SubmitContext,
  message: Uint8Array,
  signal?: AbortSignal,
  onSubmitting?: (submission: TimestampSubmission) => Promise<void>,
): Promise<TimestampReceipt> {
  const { client, network, topicId } = ctx
  if (!(message instanceof Uint8Array)) throw new HcsError('message must be a Uint8Array', { network })
  if (message.length === 0) throw new HcsError('refusing to submit an empty message', { network })
  if (message.length > MAX_MESSAGE_BYTES) {
    throw new HcsError(
      `message of ${message.length} bytes exceeds ${MAX_MESSAGE_BYTES} (${HCS_MAX_CHUNKS} chunks)`,
      { network },
    )
  }
  // Abort is honoured only before the first chunk goes out: a half-submitted message is worse.
  signal?.throwIfAborted()

  const transaction = new TopicMessageSubmitTransaction()
    .setTopicId(TopicId.fromString(topicId))
    .setMessage(message)
    .setMaxChunks(HCS_MAX_CHUNKS)
    .freezeWith(client)
  const transactionId = transaction.transactionId?.toString()
  if (!transactionId) throw new HcsError('SDK produced no transaction id', { network })
  const fail = (summary: string, error?: unknown, id = transactionId) =>
    new HcsError(error ? `${summary}: ${errorMessage(error)}` : summary, {
      network,
      transactionId: id,
      status: statusOf(error),
      cause: error,
    })

  if (onSubmitting) {
    // The caller records where the message will land before it is sent, so a retry can look it up.
    const afterSequence = await latestSequence(ctx.mirrorUrl, topicId, signal)
    await onSubmitting({ transactionId, topicId, afterSequence: afterSequence.toString() })
  }
  let responses: TransactionResponse[]
  try {
    responses = await transaction.executeAll(client)
  } catch (error) {
    throw fail('message submission failed', error)
  }
  const lastResponse = responses.at(-1)
  if (!lastResponse) throw fail('the SDK sent no transaction')

  let receipt: TransactionReceipt | undefined
  for (const response of responses) {
    try {
      receipt = await response.getReceipt(client)
    } catch (error) {
      throw fail(
        `chunk ${responses.indexOf(response) + 1} of ${responses.length} failed`,
        error,
        response.transactionId.toString(),
      )
    }
  }
  const sequenceNumber = receipt?.topicSequenceNumber
  const runningHash = receipt?.topicRunningHash
  if (!sequenceNumber || !runningHash || runningHash.length !== RUNNING_HASH_LENGTH) {
    throw fail('receipt lacks a topic sequence number or a 48-byte running hash')
  }
  const result = {
    network,
    topicId,
    transactionId,
    sequenceNumber: BigInt(sequenceNumber.toString()),
    runningHash: bytesToHex(runningHash),
    runningHashVersion: RUNNING_HASH_VERSION,
    mirrorUrl: ctx.mirrorUrl,
  } as const

  const consensusTimestamp =
    ctx.options.consensusTimestampFrom === 'mirror'
      ? await timestampFromMirror(ctx, result.sequenceNumber, result.runningHash).catch((error: unknown) => {
          throw fail('reading the consensus timestamp from the mirror failed', error)
        })
      : await timestampFromRecord(client, lastResponse).catch((error: unknown) => {
          throw fail('reading the transaction record failed', error, lastResponse.transactionId.toString())
        })
  ctx.logger.info(
    { network, topicId, transactionId, sequenceNumber: result.sequenceNumber.toString(), consensusTimestamp },
    'timestamped message on HCS',
  )
  return { ...result, consensusTimestamp }
}

/** The newest sequence number the mirror shows for the topic (0 for an empty topic). */
async function latestSequence(mirrorUrl: string, topicId: string, signal?: AbortSignal): Promise<bigint> {
  const url = new URL(`/api/v1/topics/${topicId}/messages?order=desc&limit=1`, mirrorUrl)
  const response = await fetch(url, { signal: signal ?? null, headers: { accept: 'application/json' } })
  if (!response.ok) throw new Error(`mirror request ${url} answered ${response.status}`)
  const body = (await response.json()) as { messages?: Array<{ sequence_number?: number }> }
  return BigInt(body.messages?.[0]?.sequence_number ?? 0)
}

/**
 * Finds `message` among the topic's messages after `submission.afterSequence` (only the operator can
 * write to the topic, and each sale's summary is unique, so equal bytes mean this very message).
 * Returns its receipt, or null when the mirror does not show it.
 */
async function lookupMessage(
  ctx: SubmitContext,
  submission: TimestampSubmission,
  message: Uint8Array,
  signal?: AbortSignal,
): Promise<TimestampReceipt | null> {
  if (submission.topicId !== ctx.topicId) return null
  const after = BigInt(submission.afterSequence)
  const messages = await fetchTopicMessages(
    ctx.mirrorUrl,
    ctx.topicId,
    { fromSequence: after + 1n, maxMessages: 10_000 },
    signal ? { signal } : {},
  )
  for (const m of messages) {
    const info = m.chunk_info
    if (info && info.number !== info.total) continue
    const whole = await readWholeMessage(ctx.mirrorUrl, ctx.topicId, BigInt(m.sequence_number))
    if (whole.message.length !== message.length || !whole.message.every((b, i) => b === message[i])) continue
    return {
      network: ctx.network,
      topicId: ctx.topicId,
      transactionId: submission.transactionId,
      sequenceNumber: BigInt(m.sequence_number),
      consensusTimestamp: m.consensus_timestamp,
      runningHash: runningHashHex(m),
      runningHashVersion: RUNNING_HASH_VERSION,
      mirrorUrl: ctx.mirrorUrl,
    }
  }
  return null
}

async function timestampFromRecord(client: Client, response: TransactionResponse): Promise<string> {
  const record = await response.getRecord(client)
  const ts = record.consensusTimestamp
  return formatConsensusTime({ seconds: BigInt(ts.seconds.toString()), nanos: ts.nanos.toNumber() })
}

/** Polls the mirror for the message; it must carry the same running hash as the receipt. */
async function timestampFromMirror(
  ctx: SubmitContext,
  sequenceNumber: bigint,
  runningHash: string,
): Promise<string> {
  const deadline = Date.now() + (ctx.options.mirrorTimeoutMs ?? 30_000)
  for (let attempt = 1; ; attempt++) {
    const message = await fetchTopicMessage(ctx.mirrorUrl, ctx.topicId, sequenceNumber)
    if (message) {
      if (runningHashHex(message) !== runningHash) {
        throw new Error(
          `mirror serves running hash ${runningHashHex(message)} for sequence ${sequenceNumber}, receipt says ${runningHash}`,
        )
      }
      return message.consensus_timestamp
    }
    if (Date.now() >= deadline) {
      throw new Error(`message ${sequenceNumber} not on ${ctx.mirrorUrl} after ${attempt} attempts`)
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)))
  }
}

function parseTopicId(topicId: string, network: string): string {
  try {
    return TopicId.fromString(topicId).toString()
  } catch (error) {
    throw new HcsError(`invalid topic id ${JSON.stringify(topicId)}: expected "0.0.N"`, {
      network,
      cause: error,
    })
  }
}

function parseMirrorUrl(url: string, network: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)')
    return parsed.origin
  } catch (error) {
    throw new HcsError(`invalid mirror URL ${JSON.stringify(url)}`, { network, cause: error })
  }
}
