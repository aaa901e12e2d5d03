/**
 * A seeded random walk over a market's operations (open, settle met / not met, reclaim, withdraw, time
 * passing, fee changes), checking after every step what must always hold: the market holds exactly the
 * open escrows plus everyone's credits, the curve sits at the number of met sales, and every job left
 * Open at most once.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { seededRandom } from '@veritree/core/random'
import { network } from 'hardhat'
import type { Hex } from 'viem'
import { attest, journalFor } from './helpers/attest.ts'
import { type JobTerms, newTerms, openJob, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { networkHelpers } = connection

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4 } as const

describe('DatasetMarket invariants', () => {
  it('hold over a seeded random walk of 60 operations', async () => {
    const f = await networkHelpers.loadFixture(veritreeFixture)
    const { market, factory, owner, vendor, feeRecipient, publicClient } = f
    const customers = [f.customer, f.stranger]
    const accounts = [vendor, feeRecipient, ...customers]
    const random = seededRandom(0xc0ffee)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]

    const jobs: Array<{ jobId: Hex; terms: JobTerms; customer: (typeof customers)[number] }> = []
    const closed = new Set<Hex>()
    let metSales = 0n

    for (let step = 0; step < 60; step++) {
      const open = jobs.filter((j) => !closed.has(j.jobId))
      const roll = random()
      if (roll < 0.35 || open.length === 0) {
        const customer = pick(customers)
        const job = await openJob({ publicClient, customer }, market, newTerms(Math.floor(random() * 10_001)))
        jobs.push({ jobId: job.jobId, terms: job.terms, customer })
      } else if (roll < 0.7) {
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
