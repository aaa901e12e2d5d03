/**
 * DatasetMarket.settle against real zkVerify-style aggregations: statements aggregated into Substrate
 * Merkle trees of several sizes (odd and even), posted to the local ZkVerifyAggregation, and every way a
 * proof or journal can fail to belong to the job.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { encodeJournal, RISC0_CONTEXT, RISC0_V3_0_TAG, zkVerifyStatement } from '@veritree/core/canonical'
import { network } from 'hardhat'
import { concat, type Hex, keccak256, toHex } from 'viem'
import { attest, journalFor, type SettleArgs, withProof } from './helpers/attest.ts'
import { DOMAIN_ID, IMAGE_ID, newTerms, openJob, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4, Unprovable: 5 } as const

/** settle's arguments with the job id replaced. */
function withJobId(args: SettleArgs, jobId: Hex): SettleArgs {
  return [jobId, args[1], args[2], args[3]]
}

describe('DatasetMarket settle', () => {
  describe('the zkVerify statement', () => {
    it("pins keccak256('risc0') and sha256('risc0:v3.0') against their preimages", () => {
      assert.equal(RISC0_CONTEXT, '0x676acbc40b7c7b5ba646aee26dd77984104e0674391ebd9f8e70b60d84ca6660')
      assert.equal(RISC0_CONTEXT, keccak256(toHex('risc0')))
      const sha = `0x${createHash('sha256').update('risc0:v3.0').digest('hex')}`
      assert.equal(sha, '0xaa24368f9ce9025f58596d966209fc3f322c8cac37dae753bb9b0367d273700d')
      assert.equal(RISC0_V3_0_TAG, sha)
    })

    it("is rebuilt on-chain from the job's image id exactly as zkVerify builds it", async () => {
      const f = await load()
      const { market } = f
      const { jobId, terms } = await openJob(f, market)
      const journal = encodeJournal(journalFor(jobId, terms))
      const sha = `0x${createHash('sha256').update('risc0:v3.0').digest('hex')}` as Hex
      // Built here from the preimages, not from the backend's canonical module, so the contract's constants are pinned too.
      const expected = keccak256(concat([keccak256(toHex('risc0')), IMAGE_ID, sha, keccak256(journal)]))
      assert.equal(await market.read.statementFor([jobId, journal]), expected)
      assert.equal(zkVerifyStatement(IMAGE_ID, journal), expected)
    })
  })

  describe('with real Merkle paths', () => {
    it('settles at leaf counts 1-9, 16 and 33, at the first, a middle and the last index', async () => {
      const f = await load()
      let settled = 0n
      for (const leafCount of [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 33]) {
        const indexes = [...new Set([0, Math.floor(leafCount / 2), leafCount - 1])]
        for (const index of indexes) {
          const { jobId, terms } = await openJob(f, f.market)
          const args = await attest(f, jobId, journalFor(jobId, terms), { leafCount, index })
          await f.market.write.settle(args)
          assert.equal(
            (await f.market.read.getJob([jobId])).status,
            STATUS.Settled,
            `leafCount ${leafCount} index ${index}`,
          )
          settled += 1n
        }
      }
      assert.equal(await f.market.read.sales(), settled)
    })
  })

  describe('rejects, leaving the job open', () => {
    async function openAndAttest(options: Parameters<typeof attest>[3] = {}) {
      const f = await load()
      const { jobId, terms } = await openJob(f, f.market)
      const args = await attest(f, jobId, journalFor(jobId, terms), { leafCount: 5, index: 2, ...options })
      return { f, jobId, terms, args }
    }

    async function assertStillOpen(f: Awaited<ReturnType<typeof load>>, jobId: Hex) {
      assert.equal((await f.market.read.getJob([jobId])).status, STATUS.Open)
      assert.equal(await f.market.read.sales(), 0n)
      assert.equal(await f.market.read.balances([f.vendor.account.address]), 0n)
    }

    it('a wrong Merkle path, a wrong index, an unposted aggregation', async () => {
      const { f, jobId, args } = await openAndAttest()
      const { market } = f
      const statement = await market.read.statementFor([jobId, args[1]])
      const path = [...args[3].merklePath]
      path[0] = keccak256(path[0])
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(withProof(args, { merklePath: path })),
        market,
        'ProofNotVerified',
        [statement, DOMAIN_ID, args[3].aggregationId],
      )
      // index and leafCount only steer which side each path element hashes on (Substrate's rule), so
      // these are values that change the sides; a statement not in the tree never verifies either way.
      await viem.assertions.revertWithCustomError(
        market.write.settle(withProof(args, { index: 0n })),
        market,
        'ProofNotVerified',
      )
      await viem.assertions.revertWithCustomError(
        market.write.settle(withProof(args, { leafCount: 3n })),
        market,
        'ProofNotVerified',
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(withProof(args, { index: 5n })),
        market,
        'MerkleIndexOutOfRange',
        [5n, 5n],
      )
      await viem.assertions.revertWithCustomError(
        market.write.settle(withProof(args, { aggregationId: 999_999n })),
        market,
        'ProofNotVerified',
      )
      await assertStillOpen(f, jobId)
    })

    it('an aggregation from another zkVerify domain', async () => {
      const { f, jobId, args } = await openAndAttest({ domainId: DOMAIN_ID + 1n })
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.market.write.settle(args),
        f.market,
        'DomainMismatch',
        [DOMAIN_ID + 1n, DOMAIN_ID],
      )
      await assertStillOpen(f, jobId)
    })

    it("a proof of the same journal under another image id than the job's", async () => {
      const other = keccak256(toHex('some other guest'))
      const { f, jobId, args } = await openAndAttest({ imageId: other })
      await viem.assertions.revertWithCustomError(f.market.write.settle(args), f.market, 'ProofNotVerified')
      await assertStillOpen(f, jobId)
      await f.market.write.settle(await attest(f, jobId, args[1]))
    })

    it('an attested journal for another job, another test set or another threshold', async () => {
      const f = await load()
      const { market } = f
      const a = await openJob(f, market)
      const b = await openJob(f, market)
      // B's genuine, attested journal cannot settle A.
      const bArgs = await attest(f, b.jobId, journalFor(b.jobId, b.terms))
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(withJobId(bArgs, a.jobId)),
        market,
        'JournalJobMismatch',
        [a.jobId, b.jobId],
      )
      const otherSet = keccak256(toHex('another test set'))
      const wrongSet = await attest(f, a.jobId, journalFor(a.jobId, { ...a.terms, testSetHash: otherSet }))
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(wrongSet),
        market,
        'JournalTestSetMismatch',
        [a.terms.testSetHash, otherSet],
      )
      const wrongThreshold = await attest(
        f,
        a.jobId,
        journalFor(a.jobId, { ...a.terms, thresholdBps: 5_000 }),
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(wrongThreshold),
        market,
        'JournalThresholdMismatch',
        [a.terms.thresholdBps, 5_000],
      )
      await assertStillOpen(f, a.jobId)
      // B itself is fine.
      await market.write.settle(bArgs)
    })

    it('a replayed settlement', async () => {
      const { f, jobId, args } = await openAndAttest()
      await f.market.write.settle(args)
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.market.write.settle(args),
        f.market,
        'JobNotOpen',
        [jobId, STATUS.Settled],
      )
      assert.equal(await f.market.read.sales(), 1n)
    })

    it('an unknown job', async () => {
      const { f, args } = await openAndAttest()
      const unknown = keccak256(toHex('no such job'))
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.market.write.settle(withJobId(args, unknown)),
        f.market,
        'JobNotOpen',
        [unknown, STATUS.None],
      )
    })

    it('malformed journals, even when attested: wrong length, wrong format, impossible or inconsistent counts', async () => {
      const f = await load()
      const { market } = f
      const { jobId, terms } = await openJob(f, market, newTerms(8_000))
      const good = encodeJournal(journalFor(jobId, terms))
      const settleWith = async (journal: Hex) => market.write.settle(await attest(f, jobId, journal))

      for (const journal of [good.slice(0, -2) as Hex, `${good}00` as Hex, '0x' as Hex]) {
        const length = BigInt((journal.length - 2) / 2)
        await viem.assertions.revertWithCustomErrorWithArgs(
          settleWith(journal),
          market,
          'JournalLengthInvalid',
          [length],
        )
      }
      // encodeJournal only writes format 1, so the format word of the good journal is rewritten by hand.
      const withFormat = (format: number) =>
        `0x${format.toString(16).padStart(64, '0')}${good.slice(66)}` as Hex
      for (const format of [0, 3]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          settleWith(withFormat(format)),
          market,
          'JournalFormatUnsupported',
          [format],
        )
      }
      // 256 bytes claiming format 2 (whose journals are 320 bytes) is no journal at all.
      await viem.assertions.revertWithCustomErrorWithArgs(
        settleWith(withFormat(2)),
        market,
        'JournalLengthInvalid',
        [256n],
      )
      // 7/10 misses 80%, yet claims met.
      await viem.assertions.revertWithCustomErrorWithArgs(
        settleWith(encodeJournal(journalFor(jobId, terms, { correct: 7, total: 10 }, { met: true }))),
        market,
        'JournalInconsistent',
        [7, 10, 8_000, true],
      )
      // 9/10 meets 80%, yet claims not met.
      await viem.assertions.revertWithCustomError(
        settleWith(encodeJournal(journalFor(jobId, terms, { correct: 9, total: 10 }, { met: false }))),
        market,
        'JournalInconsistent',
      )
      await viem.assertions.revertWithCustomError(
        settleWith(encodeJournal(journalFor(jobId, terms, { correct: 0, total: 0 }, { met: true }))),
        market,
        'JournalInconsistent',
      )
      await viem.assertions.revertWithCustomError(
        settleWith(encodeJournal(journalFor(jobId, terms, { correct: 11, total: 10 }, { met: true }))),
        market,
        'JournalInconsistent',
      )
      // A bool word of 2 is not ABI: abi.decode itself refuses it.
      const dirtyBool = `${good.slice(0, -2)}02` as Hex
      await viem.assertions.revert(settleWith(dirtyBool))
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Open)

      // The boundary itself: exactly 80% meets 80%.
      await market.write.settle(await attest(f, jobId, journalFor(jobId, terms, { correct: 8, total: 10 })))
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Settled)
    })
  })
})
