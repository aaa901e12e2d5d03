import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { zkVerifyStatement } from '@veritree/core/canonical'
import { type Address, encodeAbiParameters, type Hex, keccak256, toHex } from 'viem'
import type { AggregationProof } from '../attest/types.ts'
import { deployAggregation, type InProcessChain, startInProcessChain } from '../testing/chain.ts'
import { openSqliteAggregationIdStore } from './aggregationIdStore.ts'
import { ReceiptRejectedError, ZkVerifyError } from './errors.ts'
import { createLocalVerifier, type LocalVerifierOptions, type ReceiptVerifier } from './localVerifier.ts'

// These tests exercise batching and publication against a real in-process chain. The receipt check is a
// STAND-IN that accepts any path not starting with "bad" (the real CLI check is tested with real proofs in
// the certificate tests); every statement and root below is computed by the code under test.
const imageId = keccak256(toHex('test image id'))
const journalFor = (n: number): Hex => encodeAbiParameters([{ type: 'uint256' }], [BigInt(n)])
const standInReceiptCheck = (calls: string[]): ReceiptVerifier => {
  return async ({ receiptPath }) => {
    calls.push(receiptPath)
    if (receiptPath.startsWith('bad')) throw new Error('stand-in: receipt does not verify')
    return { ok: true }
  }
}

describe('createLocalVerifier (in-process Hardhat, stand-in receipt check)', () => {
  let chain: InProcessChain
  let aggregation: Address
  let dir: string
  const domainId = 5n

  before(async () => {
    chain = await startInProcessChain()
    aggregation = await deployAggregation(chain, chain.wallets[1].account.address)
    dir = mkdtempSync(join(tmpdir(), 'veritree-localverifier-'))
  })
  after(async () => {
    await chain?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function verifier(overrides: Partial<LocalVerifierOptions> & { storePath: string; calls?: string[] }) {
    const store = openSqliteAggregationIdStore(overrides.storePath)
    const v = createLocalVerifier({
      publicClient: chain.publicClient,
      walletClient: chain.wallets[1],
      aggregationAddress: aggregation,
      domainId,
      verifyReceipt: standInReceiptCheck(overrides.calls ?? []),
      batch: { maxSize: 3, maxWaitMs: 60_000 },
      store,
      ...overrides,
    })
    return { v, store }
  }

  async function onChain(p: AggregationProof): Promise<boolean> {
    return chain.publicClient.readContract({
      address: aggregation,
      abi: zkVerifyAggregationAbi,
      functionName: 'verifyProofAggregation',
      args: [p.domainId, p.aggregationId, p.statement, p.merklePath, p.leafCount, p.index],
    })
  }

  it('aggregates by count, publishes the root, and every returned path verifies on-chain', async () => {
    const { v, store } = verifier({ storePath: join(dir, 'count.sqlite') })
    const proofs = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => v.verify({ receiptPath: `r${n}.cbor`, imageId, journal: journalFor(n) })),
    )
    assert.deepEqual(
      proofs.map((p) => [p.aggregationId, p.index, p.leafCount]),
      [
        [1n, 0n, 3n],
        [1n, 1n, 3n],
        [1n, 2n, 3n],
        [2n, 0n, 3n],
        [2n, 1n, 3n],
        [2n, 2n, 3n],
      ],
    )
    for (const [n, p] of proofs.entries()) {
      assert.equal(p.statement, zkVerifyStatement(imageId, journalFor(n + 1)))
      assert.equal(p.domainId, domainId)
      assert.equal(p.aggregationContract, aggregation)
      assert.ok(p.publishTxHash)
      assert.equal(await onChain(p), true)
    }
    const posted = await chain.publicClient.readContract({
      address: aggregation,
      abi: zkVerifyAggregationAbi,
      functionName: 'proofsAggregations',
      args: [domainId, 2n],
    })
    assert.equal(posted, proofs[5].root)
    store.close()
  })

  it('publishes a partial aggregation after maxWaitMs', async () => {
    const { v, store } = verifier({
      storePath: join(dir, 'time.sqlite'),
      batch: { maxSize: 100, maxWaitMs: 50 },
    })
    const [a, b] = await Promise.all([
      v.verify({ receiptPath: 'a.cbor', imageId, journal: journalFor(10) }),
      v.verify({ receiptPath: 'b.cbor', imageId, journal: journalFor(11) }),
    ])
    assert.equal(a.leafCount, 2n)
    assert.equal(a.aggregationId, b.aggregationId)
    assert.equal(await onChain(b), true)
    store.close()
  })

  it('a receipt that fails verification never reaches an aggregation', async () => {
    const calls: string[] = []
    const { v, store } = verifier({
      storePath: join(dir, 'bad.sqlite'),
      calls,
      batch: { maxSize: 2, maxWaitMs: 60_000 },
    })
    const bad = v.verify({ receiptPath: 'bad.cbor', imageId, journal: journalFor(20) })
    await assert.rejects(bad, (e: unknown) => {
      assert.ok(e instanceof ReceiptRejectedError)
      assert.equal(e.step, 'receipt')
      assert.match(e.message, /receipt bad\.cbor does not verify against the image id and journal: stand-in/)
      return true
    })
    assert.equal(v.pending, 0)
    const proofs = await Promise.all([
      v.verify({ receiptPath: 'good1.cbor', imageId, journal: journalFor(21) }),
      v.verify({ receiptPath: 'good2.cbor', imageId, journal: journalFor(22) }),
    ])
    assert.equal(proofs[0].leafCount, 2n)
    const badStatement = zkVerifyStatement(imageId, journalFor(20))
    assert.ok(proofs.every((p) => p.statement !== badStatement))
    // Not provable with any path the aggregation could give.
    for (const p of proofs) assert.equal(await onChain({ ...p, statement: badStatement }), false)
    assert.deepEqual(calls, ['bad.cbor', 'good1.cbor', 'good2.cbor'])
    store.close()
  })

  it('never reuses an aggregation id: not after a restart, not when the id store is fresh but the chain is not', async () => {
    const path = join(dir, 'restart.sqlite')
    const first = verifier({ storePath: path, batch: { maxSize: 1, maxWaitMs: 0 } })
    const p1 = await first.v.verify({ receiptPath: 'x.cbor', imageId, journal: journalFor(30) })
    first.store.close()
    const second = verifier({ storePath: path, batch: { maxSize: 1, maxWaitMs: 0 } })
    const p2 = await second.v.verify({ receiptPath: 'y.cbor', imageId, journal: journalFor(31) })
    second.store.close()
    assert.equal(p2.aggregationId, p1.aggregationId + 1n)
    // count.sqlite used ids 1 and 2 of this domain on this chain; a fresh store must skip them.
    const fresh = verifier({ storePath: ':memory:', batch: { maxSize: 1, maxWaitMs: 0 } })
    const p3 = await fresh.v.verify({ receiptPath: 'z.cbor', imageId, journal: journalFor(32) })
    fresh.store.close()
    assert.ok(p3.aggregationId > 2n)
    assert.equal(await onChain(p1), true)
    assert.equal(await onChain(p3), true)
  })

  it('a failed publication rejects every waiting request with the step and aggregation id', async () => {
    // wallets[2] lacks the OPERATOR role, so submitAggregation reverts.
    const { v, store } = verifier({
      storePath: ':memory:',
      walletClient: chain.wallets[2],
      batch: { maxSize: 2, maxWaitMs: 60_000 },
    })
    const results = await Promise.allSettled([
      v.verify({ receiptPath: 'p.cbor', imageId, journal: journalFor(40) }),
      v.verify({ receiptPath: 'q.cbor', imageId, journal: journalFor(41) }),
    ])
    for (const r of results) {
      assert.equal(r.status, 'rejected')
      const e = (r as PromiseRejectedResult).reason
      assert.ok(e instanceof ZkVerifyError)
      assert.equal(e.step, 'publish')
      assert.match(e.message, /could not publish aggregation \d+ of domain 5 to 0x[0-9a-fA-F]{40}: /)
    }
    store.close()
  })

  it('rejects malformed requests before checking the receipt', async () => {
    const calls: string[] = []
    const { v, store } = verifier({ storePath: ':memory:', calls })
    await assert.rejects(v.verify({ receiptPath: 'r.cbor', imageId: '0x1234', journal: journalFor(1) }), {
      name: 'ZkVerifyError',
      message: /zkVerify input: invalid verify request: imageId must be 0x followed by 64 hex digits/,
    })
    await assert.rejects(v.verify({ receiptPath: '', imageId, journal: '0x' }), {
      message: /receiptPath must name the receipt file; journal must not be empty/,
    })
    await assert.rejects(v.verify({ receiptPath: 'r.cbor', imageId, journal: `0x${'00'.repeat(2053)}` }), {
      message: /journal must be at most 2052 bytes/,
    })
    assert.deepEqual(calls, [])
    store.close()
  })

  it('an aborted request leaves the queue', async () => {
    const { v, store } = verifier({ storePath: ':memory:' })
    const controller = new AbortController()
    const pending = v.verify(
      { receiptPath: 'r.cbor', imageId, journal: journalFor(50) },
      { signal: controller.signal },
    )
    for (let i = 0; i < 200 && v.pending === 0; i++) await new Promise((r) => setTimeout(r, 5))
    controller.abort(new Error('job cancelled'))
    await assert.rejects(pending, {
      name: 'ZkVerifyError',
      message: /zkVerify aborted: verification aborted/,
    })
    assert.equal(v.pending, 0)
    store.close()
  })
})
