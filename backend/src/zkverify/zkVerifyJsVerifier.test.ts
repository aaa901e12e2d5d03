import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { zkVerifyStatement } from '@veritree/core/canonical'
import { merkleProof } from '@veritree/core/zkverify'
import { type Hex, keccak256, toHex } from 'viem'
import type { VerifySubmission } from '../attest/types.ts'
import { ZkVerifyError } from './errors.ts'
import { createZkVerifyJsVerifier, risc0ProofData } from './zkVerifyJsVerifier.ts'
import type { VerifyTransactionInfoLike, ZkVerifySessionLike } from './zkVerifySession.ts'

// No zkVerify network is reachable here, so these tests drive the verifier with a FAKE zkverifyjs
// session. They check the argument encoding and that every failure becomes an error naming its step;
// they do not show that a real zkVerify node accepts the receipt.
const imageId = keccak256(toHex('image'))
const journal: Hex = `0x${'ab'.repeat(256)}`
const receiptBytes = new Uint8Array([0xa1, 0x61, 0x78, 0x01, 0xff])
const statement = zkVerifyStatement(imageId, journal)
const others = [keccak256(toHex('other 0')), keccak256(toHex('other 1')), keccak256(toHex('other 2'))]
const leaves = [others[0], others[1], statement, others[2]]
const tree = merkleProof(leaves, 2)
const domainId = 7

type FakeCalls = { executed: unknown[]; closed: number; aggregated: number }

function fakeSession(
  overrides: Partial<{
    execute: () => Promise<{ transactionResult: Promise<VerifyTransactionInfoLike> }>
    info: Partial<VerifyTransactionInfoLike>
    waitForAggregationReceipt: ZkVerifySessionLike['waitForAggregationReceipt']
    getAggregateStatementPath: ZkVerifySessionLike['getAggregateStatementPath']
  }>,
  calls: FakeCalls,
): ZkVerifySessionLike {
  const info: VerifyTransactionInfoLike = {
    status: 'finalized',
    txHash: '0xfeed',
    blockHash: '0xb10c',
    domainId,
    aggregationId: 42,
    statement,
    ...overrides.info,
  }
  return {
    verify: () => ({
      risc0: (config) => ({
        execute: async (input) => {
          calls.executed.push({ config, input })
          if (overrides.execute) return overrides.execute()
          return { transactionResult: Promise.resolve(info) }
        },
      }),
    }),
    aggregate: () => {
      calls.aggregated++
      return {
        transactionResult: Promise.resolve({ status: 'finalized', blockHash: '0xa99', receipt: tree.root }),
      }
    },
    waitForAggregationReceipt:
      overrides.waitForAggregationReceipt ?? (async () => ({ blockHash: '0xa99', receipt: tree.root })),
    getAggregateStatementPath:
      overrides.getAggregateStatementPath ??
      (async () => ({ root: tree.root, proof: tree.path, numberOfLeaves: 4, leafIndex: 2 })),
    close: async () => {
      calls.closed++
    },
  }
}

describe('zkVerifyJsVerifier (fake zkverifyjs session)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-zkvjs-'))
  const receiptPath = join(dir, 'receipt.cbor')
  writeFileSync(receiptPath, receiptBytes)
  after(() => rmSync(dir, { recursive: true, force: true }))

  const make = (session: ZkVerifySessionLike, extra: { publishAggregation?: boolean } = {}) =>
    createZkVerifyJsVerifier({
      network: 'volta',
      seedPhrase: 'test seed words',
      domainId: BigInt(domainId),
      aggregationContract: '0x000000000000000000000000000000000000dEaD',
      startSession: async () => session,
      ...extra,
    })

  it('encodes proof as 0x + receipt CBOR hex, publicSignals as the journal, vk as the image id', () => {
    assert.deepEqual(risc0ProofData(receiptBytes, imageId, journal), {
      proof: '0xa1617801ff',
      publicSignals: journal,
      vk: imageId,
    })
    assert.throws(() => risc0ProofData(new Uint8Array(), imageId, journal), /receipt file is empty/)
  })

  it('submits the V3_0 receipt to the domain and returns the AggregationProof shape', async () => {
    const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
    const proof = await make(fakeSession({}, calls)).verify({ receiptPath, imageId, journal })
    assert.deepEqual(calls.executed, [
      {
        config: { version: 'V3_0' },
        input: { proofData: { proof: '0xa1617801ff', publicSignals: journal, vk: imageId }, domainId },
      },
    ])
    assert.deepEqual(proof, {
      statement,
      domainId: 7n,
      aggregationId: 42n,
      merklePath: tree.path,
      leafCount: 4n,
      index: 2n,
      root: tree.root,
      aggregationContract: '0x000000000000000000000000000000000000dEaD',
      zkVerifyTxHash: '0xfeed',
      zkVerifyBlockHash: '0xb10c',
    })
    assert.equal(calls.closed, 1)
    assert.equal(calls.aggregated, 0)
  })

  it('reports its submission once finalized, and a retry resumes it without submitting again', async () => {
    const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
    const stored: VerifySubmission[] = []
    const first = make(fakeSession({}, calls)).verify(
      { receiptPath, imageId, journal },
      {
        onSubmitted: async (submission) => {
          stored.push(submission)
          // The process dies here, after the submission was recorded.
          throw new Error('crashed after storing the submission')
        },
      },
    )
    await assert.rejects(first, /crashed after storing the submission/)
    assert.deepEqual(stored, [
      { kind: 'zkverify', statement, txHash: '0xfeed', blockHash: '0xb10c', aggregationId: 42 },
    ])
    assert.equal(calls.executed.length, 1)
    const proof = await make(fakeSession({}, calls)).verify(
      { receiptPath, imageId, journal },
      { resume: stored[0] },
    )
    assert.equal(calls.executed.length, 1, 'the retry did not submit the receipt again')
    assert.equal(proof.aggregationId, 42n)
    assert.equal(proof.statement, statement)
  })

  it('as domain owner publishes the aggregation itself when asked', async () => {
    const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
    await make(fakeSession({}, calls), { publishAggregation: true }).verify({ receiptPath, imageId, journal })
    assert.equal(calls.aggregated, 1)
  })

  const failures: [string, Parameters<typeof fakeSession>[0], ZkVerifyError['step'], RegExp][] = [
    [
      'submission throws',
      { execute: async () => Promise.reject(new Error('1010: Invalid Transaction')) },
      'submit',
      /Invalid Transaction/,
    ],
    [
      'the transaction fails',
      { execute: async () => ({ transactionResult: Promise.reject(new Error('risc0.InvalidProof')) }) },
      'finalize',
      /risc0\.InvalidProof/,
    ],
    [
      'the transaction ends in error',
      { info: { status: 'error' } },
      'finalize',
      /ended as error, not finalized/,
    ],
    [
      'no aggregation id',
      { info: { aggregationId: undefined } },
      'finalize',
      /not queued for aggregation in domain 7/,
    ],
    ['another domain', { info: { domainId: 8 } }, 'finalize', /not queued for aggregation in domain 7/],
    [
      'another statement',
      { info: { statement: others[0] } },
      'finalize',
      /reported statement 0x[0-9a-f]+, expected/,
    ],
    [
      'no aggregation receipt',
      { waitForAggregationReceipt: async () => Promise.reject(new Error('Timeout exceeded')) },
      'aggregate',
      /Timeout exceeded/,
    ],
    [
      'a malformed aggregation receipt',
      { waitForAggregationReceipt: async () => ({ blockHash: '0x1', receipt: 'nope' }) },
      'aggregate',
      /malformed aggregation receipt/,
    ],
    [
      'the path RPC fails',
      { getAggregateStatementPath: async () => Promise.reject(new Error('Error during RPC call')) },
      'statement-path',
      /Error during RPC call/,
    ],
    [
      'a path that does not reach the root',
      {
        getAggregateStatementPath: async () => ({
          root: tree.root,
          proof: tree.path,
          numberOfLeaves: 4,
          leafIndex: 1,
        }),
      },
      'statement-path',
      /does not lead from statement/,
    ],
    [
      'a path for another root',
      {
        getAggregateStatementPath: async () => ({
          root: others[0],
          proof: tree.path,
          numberOfLeaves: 4,
          leafIndex: 2,
        }),
      },
      'statement-path',
      /does not lead from statement/,
    ],
  ]
  for (const [what, overrides, step, message] of failures) {
    it(`fails at step "${step}" when ${what}, and closes the session`, async () => {
      const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
      await assert.rejects(
        make(fakeSession(overrides, calls)).verify({ receiptPath, imageId, journal }),
        (e: unknown) => {
          assert.ok(e instanceof ZkVerifyError, String(e))
          assert.equal(e.step, step)
          assert.match(e.message, message)
          return true
        },
      )
      assert.equal(calls.closed, 1)
    })
  }

  it('fails at step "connect" when the session cannot start', async () => {
    const verifier = createZkVerifyJsVerifier({
      network: 'mainnet',
      seedPhrase: 'x',
      domainId: 1n,
      aggregationContract: '0x000000000000000000000000000000000000dEaD',
      startSession: async () => Promise.reject(new Error('WebSocket is not open')),
    })
    await assert.rejects(verifier.verify({ receiptPath, imageId, journal }), {
      name: 'ZkVerifyError',
      message: /zkVerify connect: WebSocket is not open/,
    })
  })

  it('fails at step "input" for a missing receipt file or bad configuration', async () => {
    const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
    await assert.rejects(
      make(fakeSession({}, calls)).verify({ receiptPath: join(dir, 'missing.cbor'), imageId, journal }),
      {
        message: /zkVerify input: ENOENT/,
      },
    )
    assert.equal(calls.executed.length, 0)
    const base = {
      network: 'volta' as const,
      aggregationContract: '0x000000000000000000000000000000000000dEaD' as const,
    }
    assert.throws(
      () => createZkVerifyJsVerifier({ ...base, seedPhrase: ' ', domainId: 1n }),
      /seed phrase is required/,
    )
    assert.throws(
      () => createZkVerifyJsVerifier({ ...base, seedPhrase: 'x', domainId: -1n }),
      /domain id -1 is out of range/,
    )
  })

  it('an abort stops it between steps with step "aborted"', async () => {
    const calls: FakeCalls = { executed: [], closed: 0, aggregated: 0 }
    const controller = new AbortController()
    const session = fakeSession(
      {
        waitForAggregationReceipt: () => {
          controller.abort(new Error('shutting down'))
          return new Promise(() => {})
        },
      },
      calls,
    )
    await assert.rejects(
      make(session).verify({ receiptPath, imageId, journal }, { signal: controller.signal }),
      {
        message: /zkVerify aborted: aborted during aggregate/,
      },
    )
    assert.equal(calls.closed, 1)
  })
})
