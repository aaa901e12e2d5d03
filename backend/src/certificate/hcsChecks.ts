/**
 * Checks against a Hedera mirror node (Hedera's, or the local node's mirror route), for sale and
 * prediction certificates alike. Browser-safe.
 */

import type { CertificateBundle, StatedTimestamp } from '@veritree/core/certificate'
import {
  base64ToBytes,
  type Check,
  expect,
  hcsSummary,
  recomputeRunningHash,
  runCheck,
} from '@veritree/core/certificate'
import type { Hex } from 'viem'
import { fetchTopicMessage, type MirrorRequestOptions, runningHashHex } from '../hcs/mirrorClient.ts'

const ZERO_RUNNING_HASH: Hex = `0x${'00'.repeat(48)}`

/** An HCS timestamp as both certificates state it. */
export type StatedHcsTimestamp = StatedTimestamp & { runningHash: string; previousRunningHash?: string }

async function messageAt(
  mirrorUrl: string,
  topicId: string,
  sequenceNumber: bigint,
  options: MirrorRequestOptions,
) {
  const message = await fetchTopicMessage(mirrorUrl, topicId, sequenceNumber, options)
  expect(message !== undefined, `${mirrorUrl} has no message ${sequenceNumber} in topic ${topicId}`)
  return message
}

/**
 * The rule of `hcs.message`, for any certificate: the mirror serves, at the stated sequence number,
 * a single-chunk message with the stated topic, time, running hash and payer whose bytes are `message`
 * (the summary the checker rebuilt from the certificate).
 */
export async function hcsMessageServed(
  t: StatedHcsTimestamp,
  message: Uint8Array,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<string> {
  const served = await messageAt(mirrorUrl, t.topicId, BigInt(t.sequenceNumber), options)
  const payer = t.transactionId.split('@')[0]
  const summary = new TextDecoder().decode(message)
  const servedText = new TextDecoder().decode(base64ToBytes(served.message))
  const mismatches = [
    ['topic', served.topic_id, t.topicId],
    ['consensus timestamp', served.consensus_timestamp, t.consensusTimestamp],
    ['running hash', runningHashHex(served), t.runningHash.toLowerCase()],
    ['payer', served.payer_account_id, payer],
    ['chunks', String(served.chunk_info?.total ?? 1), '1'],
    ['message', servedText, summary],
  ]
    .filter(([, a, b]) => a !== b)
    .map(([name, a, b]) =>
      name === 'message'
        ? `message: mirror ${a}, certificate summary ${b}`
        : `${name}: mirror ${a}, certificate ${b}`,
    )
  expect(mismatches.length === 0, mismatches.join('; '))
  return `topic ${t.topicId} #${t.sequenceNumber} at ${t.consensusTimestamp}: the certificate's summary, byte for byte`
}

/**
 * The rule of `hcs.runningHash` with a mirror: the running hash recomputes from the mirror's previous
 * message's running hash (or the topic start) and `message`; a stated previous running hash must be
 * the mirror's.
 */
export async function hcsRunningHashRecomputes(
  t: StatedHcsTimestamp,
  message: Uint8Array,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<string> {
  const sequenceNumber = BigInt(t.sequenceNumber)
  const previous =
    sequenceNumber === 1n
      ? ZERO_RUNNING_HASH
      : runningHashHex(await messageAt(mirrorUrl, t.topicId, sequenceNumber - 1n, options))
  if (t.previousRunningHash !== undefined) {
    expect(
      t.previousRunningHash.toLowerCase() === previous,
      `previous running hash: mirror ${previous}, certificate ${t.previousRunningHash}`,
    )
  }
  const recomputed = recomputeRunningHash(t, message, previous)
  expect(
    recomputed === t.runningHash.toLowerCase(),
    `recomputed ${recomputed} from message ${sequenceNumber - 1n}'s running hash, certificate says ${t.runningHash}`,
  )
  const from =
    sequenceNumber === 1n ? 'the topic start (48 zero bytes)' : `message ${sequenceNumber - 1n} on the mirror`
  return `SHA-384 (version 3) recomputed from ${from}: ${recomputed}`
}

export function checkHcsMessage(
  bundle: CertificateBundle,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<Check> {
  return runCheck('hcs.message', () =>
    hcsMessageServed(bundle.timestamp, hcsSummary(bundle), mirrorUrl, options),
  )
}

export function checkHcsRunningHash(
  bundle: CertificateBundle,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<Check> {
  return runCheck('hcs.runningHash', () =>
    hcsRunningHashRecomputes(bundle.timestamp, hcsSummary(bundle), mirrorUrl, options),
  )
}
