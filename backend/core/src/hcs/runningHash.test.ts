import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex } from 'viem'
import { parseEntityId } from './ids.ts'
import { computeRunningHashV3, initialRunningHash } from './runningHash.ts'

// Vectors from Hedera's own tests (the framing is described in docs/architecture.md).
const payer = parseEntityId('0.0.123')
const message = new TextEncoder().encode('Hello world!')

describe('computeRunningHashV3', () => {
  it('matches Hedera vector 1: topic 0.0.1, first message', () => {
    const hash = computeRunningHashV3({
      previousRunningHash: initialRunningHash(),
      payer,
      topic: parseEntityId('0.0.1'),
      consensusTime: { seconds: 2234567n, nanos: 0 },
      sequenceNumber: 1n,
      message,
    })
    assert.equal(
      bytesToHex(hash),
      '0x3c8e1604b2cd20068f02976fa10217491561cc864b7bff28451e1f1a0a8c58c02df56f60562f129e845e0ba16e3420eb',
    )
  })

  it('matches Hedera vector 2: topic 0.0.2, two messages chained', () => {
    const topic = parseEntityId('0.0.2')
    const first = computeRunningHashV3({
      previousRunningHash: initialRunningHash(),
      payer,
      topic,
      consensusTime: { seconds: 3234567n, nanos: 0 },
      sequenceNumber: 1n,
      message,
    })
    const second = computeRunningHashV3({
      previousRunningHash: first,
      payer,
      topic,
      consensusTime: { seconds: 3234567n, nanos: 1 },
      sequenceNumber: 2n,
      message,
    })
    assert.equal(
      bytesToHex(second),
      '0xa19f77d351424204e3eeec1bb42bcdc728e521483bb99103dc7fa7c527db0c14aeefe4b0a8a7d0924b2f2c4a1d237bc5',
    )
  })

  it('rejects a previous hash of the wrong length', () => {
    assert.throws(
      () =>
        computeRunningHashV3({
          previousRunningHash: new Uint8Array(32),
          payer,
          topic: parseEntityId('0.0.1'),
          consensusTime: { seconds: 1n, nanos: 0 },
          sequenceNumber: 1n,
          message,
        }),
      /previous running hash must be 48 bytes, got 32/,
    )
  })

  it('rejects out-of-range nanos and negative numbers', () => {
    const base = {
      previousRunningHash: initialRunningHash(),
      payer,
      topic: parseEntityId('0.0.1'),
      consensusTime: { seconds: 1n, nanos: 0 },
      sequenceNumber: 1n,
      message,
    }
    assert.throws(
      () => computeRunningHashV3({ ...base, consensusTime: { seconds: 1n, nanos: 1e9 } }),
      /nanos/,
    )
    assert.throws(
      () => computeRunningHashV3({ ...base, sequenceNumber: -1n }),
      /sequence number out of u64 range/,
    )
  })
})
