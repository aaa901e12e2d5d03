/**
 * Checks against a Hedera mirror node (Hedera's, or the local node's mirror route). Browser-safe.
 */

import type { CertificateBundle } from '@veritree/core/certificate'
import {
  type Check,
  expect,
  hcsSummary,
  recomputeBundleRunningHash,
  runCheck,
} from '@veritree/core/certificate'
import type { Hex } from 'viem'
import { fetchTopicMessage, type MirrorRequestOptions, runningHashHex } from '../hcs/mirrorClient.ts'

const ZERO_RUNNING_HASH: Hex = `0x${'00'.repeat(48)}`

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

async function messageAt(
  mirrorUrl: string,
  bundle: CertificateBundle,
  sequenceNumber: bigint,
  options: MirrorRequestOptions,
) {
  const message = await fetchTopicMessage(mirrorUrl, bundle.timestamp.topicId, sequenceNumber, options)
  expect(
    message !== undefined,
    `${mirrorUrl} has no message ${sequenceNumber} in topic ${bundle.timestamp.topicId}`,
  )
  return message
}

export function checkHcsMessage(
  bundle: CertificateBundle,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<Check> {
  return runCheck('hcs.message', async () => {
    const t = bundle.timestamp
    const served = await messageAt(mirrorUrl, bundle, BigInt(t.sequenceNumber), options)
    const payer = t.transactionId.split('@')[0]
    const summary = new TextDecoder().decode(hcsSummary(bundle))
    const servedText = new TextDecoder().decode(base64ToBytes(served.message))
    const mismatches = [
      ['topic', served.topic_id, t.topicId],
      ['consensus timestamp', served.consensus_timestamp, t.consensusTimestamp],
      ['running hash', runningHashHex(served), t.runningHash],
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
  })
}

export function checkHcsRunningHash(
  bundle: CertificateBundle,
  mirrorUrl: string,
  options: MirrorRequestOptions = {},
): Promise<Check> {
  return runCheck('hcs.runningHash', async () => {
    const t = bundle.timestamp
    const sequenceNumber = BigInt(t.sequenceNumber)
    const previous =
      sequenceNumber === 1n
        ? ZERO_RUNNING_HASH
        : runningHashHex(await messageAt(mirrorUrl, bundle, sequenceNumber - 1n, options))
    if (t.previousRunningHash !== undefined) {
      expect(
        t.previousRunningHash === previous,
        `previous running hash: mirror ${previous}, certificate ${t.previousRunningHash}`,
      )
    }
    const recomputed = recomputeBundleRunningHash(bundle, previous)
    expect(
      recomputed === t.runningHash,
      `recomputed ${recomputed} from message ${sequenceNumber - 1n}'s running hash, certificate says ${t.runningHash}`,
    )
    const from =
      sequenceNumber === 1n
        ? 'the topic start (48 zero bytes)'
        : `message ${sequenceNumber - 1n} on the mirror`
    return `SHA-384 (version 3) recomputed from ${from}: ${recomputed}`
  })
}
