/**
 * Escrow conservation as randomized invariants, two ways:
 *   1. A short seeded walk driven from TypeScript through the public ABI (open, settle met / not met,
 *      refundUnprovable, reclaim, withdraw, time passing, fee changes), checking after every step that
 *      the market holds exactly the open escrows plus everyone's credits, the curve sits at the number
 *      of met sales, and every job left Open at most once.
 *   2. Many seeded walks inside the EVM (src/mocks/InvariantHarness.sol): three markets, six actors
 *      that accept, refuse or re-enter, setter changes (verifier configs, fee, fee recipient,
 *      operator, timeout), forced ether, and time passing between chunks. VERITREE_INVARIANT_SEEDS
 *      (default 1000) walks of VERITREE_INVARIANT_OPS (default 200) operations each, from seed
 *      VERITREE_INVARIANT_FIRST_SEED (default 0); `npm run invariants:deep` runs 100,000.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seededRandom } from '@veritree/core/random'
import { network } from 'hardhat'
import { type Hex, parseEther } from 'viem'
import { deployVeritree } from '../deploy/deployLocal.ts'
import { attest, journalFor } from './helpers/attest.ts'
import { IMAGE_ID, newTerms, openJob, type TestTerms, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create({ override: { allowUnlimitedContractSize: true } })
const { networkHelpers } = connection

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4, Unprovable: 5 } as const

describe('DatasetMarket invariants', () => {
  it('hold over a seeded random walk of 60 operations', async () => {
    const f = await networkHelpers.loadFixture(veritreeFixture)
    const { market, factory, owner, vendor, feeRecipient, publicClient } = f
    const customers = [f.customer, f.stranger]
    const accounts = [vendor, feeRecipient, ...customers]
    const random = seededRandom(0xc0ffee)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]

    const jobs: Array<{ jobId: Hex; terms: TestTerms; customer: (typeof customers)[number] }> = []
    const closed = new Set<Hex>()
    let metSales = 0n

    for (let step = 0; step < 60; step++) {
      const open = jobs.filter((j) => !closed.has(j.jobId))
      const roll = random()
      if (roll < 0.35 || open.length === 0) {
        const customer = pick(customers)
        const job = await openJob(
          { publicClient, customer },
          market,
          newTerms(1 + Math.floor(random() * 10_000)),
        )
        jobs.push({ jobId: job.jobId, terms: job.terms, customer })
      } else if (roll < 0.6) {
        const job = pick(open)
        const total = 1 + Math.floor(random() * 50)
        const correct = Math.floor(random() * (total + 1))
        const journal = journalFor(job.jobId, job.terms, { correct, total })
        const leafCount = 1 + Math.floor(random() * 12)
        const args = await attest(f, job.jobId, journal, {
          leafCount,
          index: Math.floor(random() * leafCount),
        })
        await market.write.settle(args)
        closed.add(job.jobId)
        if (journal.met) metSales += 1n
      } else if (roll < 0.7) {
        const job = pick(open)
        await market.write.refundUnprovable([job.jobId, 1 + Math.floor(random() * 5)], {
          account: f.operator.account,
        })
        closed.add(job.jobId)
      } else if (roll < 0.8) {
        const job = pick(open)
        const { deadline } = await market.read.getJob([job.jobId])
        const now = BigInt(await networkHelpers.time.latest())
        if (now < deadline) await networkHelpers.time.increaseTo(deadline)
        await market.write.reclaim([job.jobId], { account: job.customer.account })
        closed.add(job.jobId)
      } else if (roll < 0.95) {
        const account = pick(accounts)
        if ((await market.read.balances([account.account.address])) > 0n) {
          await market.write.withdraw({ account: account.account })
        }
      } else {
        await factory.write.setProtocolFee([Math.floor(random() * 1_001)], { account: owner.account })
      }

      // The market holds exactly what it owes.
      let owed = 0n
      for (const job of jobs) {
        const stored = await market.read.getJob([job.jobId])
        assert.equal(
          stored.status === STATUS.Open,
          !closed.has(job.jobId),
          `step ${step}: status of ${job.jobId}`,
        )
        if (stored.status === STATUS.Open) owed += stored.price
      }
      for (const account of accounts) owed += await market.read.balances([account.account.address])
      assert.equal(await publicClient.getBalance({ address: market.address }), owed, `step ${step}: solvency`)
      // The curve sits at the number of met sales.
      assert.equal(await market.read.sales(), metSales, `step ${step}: sales`)
      assert.equal(await market.read.price(), await market.read.priceAt([metSales]), `step ${step}: price`)
    }
    assert.ok(closed.size > 5 && metSales > 0n, 'the walk exercised settlement')
  })
})

const SEEDS = Number(process.env.VERITREE_INVARIANT_SEEDS ?? 1_000)
const FIRST_SEED = Number(process.env.VERITREE_INVARIANT_FIRST_SEED ?? 0)
const OPS = Number(process.env.VERITREE_INVARIANT_OPS ?? 200)
/** Operations per transaction; time moves between chunks, so reclaims and quote expiry happen. */
const CHUNK = 40
const COUNT_NAMES = [
  'ops',
  'opened',
  'settledMet',
  'settledNotMet',
  'unprovable',
  'reclaimed',
  'withdrawn',
  'refusedWithdraws',
  'setterChanges',
  'expectedReverts',
  'forcedEther',
  'fullScans',
] as const

/** Deploys the protocol with the harness as owner and operator, and three markets; returns the harness. */
async function harnessFixture() {
  const { viem } = connection
  const publicClient = await viem.getPublicClient()
  const [owner] = await viem.getWalletClients()
  const harness = await viem.deployContract('InvariantHarness', [])
  await owner.sendTransaction({ to: harness.address, value: parseEther('5000') })
  const deployment = await deployVeritree({
    walletClient: owner,
    publicClient,
    imageId: IMAGE_ID,
    operator: harness.address,
    jobTimeout: 6n * 3_600n,
  })
  const agg1 = await viem.deployContract('ZkVerifyAggregation', [harness.address])
  const factory = await viem.getContractAt('DatasetFactory', deployment.factory)
  await factory.write.transferOwnership([harness.address], { account: owner.account })
  await harness.write.setUp([deployment.factory, deployment.zkVerify, agg1.address])
  return { harness }
}

describe('DatasetMarket invariants in the EVM', () => {
  it(`hold over ${SEEDS} seeded walks of ${OPS} operations across three markets`, async () => {
    const { harness } = await networkHelpers.loadFixture(harnessFixture)
    const snapshot = await networkHelpers.takeSnapshot()
    const totals = Object.fromEntries(COUNT_NAMES.map((n) => [n, 0])) as Record<
      (typeof COUNT_NAMES)[number],
      number
    >
    const started = Date.now()
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++) {
      const random = seededRandom(seed)
      for (let chunk = 0; chunk * CHUNK < OPS; chunk++) {
        const ops = Math.min(CHUNK, OPS - chunk * CHUNK)
        try {
          const hash = await harness.write.run(
            [BigInt(seed), BigInt(chunk), BigInt(ops), (chunk + 1) * CHUNK >= OPS],
            {
              gas: 16_000_000n,
            },
          )
          if (process.env.VERITREE_INVARIANT_GAS) {
            const r = await connection.viem.getPublicClient().then((p) => p.getTransactionReceipt({ hash }))
            console.log(`seed ${seed} chunk ${chunk}: ${r.gasUsed} gas`)
          }
        } catch (error) {
          throw new Error(`invariant walk seed ${seed} chunk ${chunk} failed`, { cause: error })
        }
        // Usually under the 6-hour minimum timeout, sometimes days: past some deadlines.
        const hours = random() < 0.3 ? 24 + random() * 48 : random() * 6
        await networkHelpers.time.increase(1 + Math.floor(hours * 3_600))
      }
      const counts = await harness.read.counts()
      COUNT_NAMES.forEach((name, i) => {
        totals[name] += Number(counts[i])
      })
      await snapshot.restore()
      // Long runs (invariants:deep) report as they go, so a bounded slice still yields counts.
      const done = seed - FIRST_SEED + 1
      if (SEEDS > 1_000 && done % 500 === 0) {
        const seconds = ((Date.now() - started) / 1_000).toFixed(0)
        console.log(`invariants: ${done} of ${SEEDS} seeds done in ${seconds} s: ${JSON.stringify(totals)}`)
      }
    }
    const seconds = ((Date.now() - started) / 1_000).toFixed(1)
    console.log(
      `invariants: ${SEEDS} seeds from ${FIRST_SEED} x ${OPS} ops in ${seconds} s: ${JSON.stringify(totals)}`,
    )
    assert.equal(totals.ops, SEEDS * OPS)
    assert.equal(totals.fullScans, SEEDS)
    // The walks reached every outcome.
    for (const name of ['settledMet', 'settledNotMet', 'unprovable', 'reclaimed', 'withdrawn'] as const) {
      assert.ok(totals[name] > 0, `no walk ever ${name}`)
    }
  })
})
