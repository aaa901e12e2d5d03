/**
 * The whole escrow life of a DatasetMarket job: open (exact escrow, excess refund, slippage guard),
 * settle met (vendor credit, ceil-rounded fee, curve step), settle not met (refund credit), reclaim
 * after the deadline, withdraw, the fee snapshot, the vendor's switches and reentrancy.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { network } from 'hardhat'
import { encodeAbiParameters, getAddress, type Hex, keccak256, toFunctionSelector, zeroHash } from 'viem'
import { CURVE_LINEAR } from '../deploy/curves.ts'
import { attest, journalFor } from './helpers/attest.ts'
import {
  createMarket,
  FEE_BPS,
  JOB_TIMEOUT,
  type JobTerms,
  newTerms,
  onChainTerms,
  openJob,
  type VeritreeFixture,
  veritreeFixture,
} from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4, Unprovable: 5 } as const

function ceilFee(price: bigint, feeBps: number): bigint {
  return (price * BigInt(feeBps) + 9_999n) / 10_000n
}

/** Escrow and credits the market must hold: its ether balance equals open escrows plus all balances. */
async function assertSolvent(f: VeritreeFixture, openJobs: Hex[]): Promise<void> {
  const { market, publicClient } = f
  let owed = 0n
  for (const jobId of openJobs) {
    const job = await market.read.getJob([jobId])
    if (job.status === STATUS.Open) owed += job.price
  }
  for (const wallet of [f.vendor, f.customer, f.feeRecipient, f.stranger, f.owner]) {
    owed += await market.read.balances([wallet.account.address])
  }
  assert.equal(await publicClient.getBalance({ address: market.address }), owed)
}

describe('DatasetMarket escrow', () => {
  describe('openJob', () => {
    it('escrows exactly the price, refunds the excess and records the job', async () => {
      const f = await load()
      const { market, customer, publicClient } = f
      const price = await market.read.price()
      const terms = newTerms(8_500)
      const hash = await market.write.openJob([onChainTerms(terms), price * 2n], {
        account: customer.account,
        value: price * 3n,
      })
      await viem.assertions.balancesHaveChanged(hash, [
        { address: customer.account.address, amount: -price },
        { address: market.address, amount: price },
      ])
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
      const deadline = block.timestamp + JOB_TIMEOUT
      const chainId = BigInt(await publicClient.getChainId())
      const jobId = keccak256(
        encodeAbiParameters(
          [{ type: 'uint256' }, { type: 'address' }, { type: 'uint256' }],
          [chainId, market.address, 0n],
        ),
      )
      await viem.assertions.emitWithArgs(Promise.resolve(hash), market, 'JobOpened', [
        jobId,
        getAddress(customer.account.address),
        onChainTerms(terms),
        price,
        deadline,
        1,
      ])
      assert.deepEqual(await market.read.getJob([jobId]), {
        customer: getAddress(customer.account.address),
        thresholdBps: terms.thresholdBps,
        feeBps: FEE_BPS,
        status: STATUS.Open,
        verifierId: 1,
        journalFormat: 1,
        testSetHash: terms.testSetHash,
        quoteId: terms.quoteId,
        paramsHash: terms.paramsHash,
        modelCommitment: terms.modelCommitment,
        modelHash: zeroHash,
        price,
        deadline,
      })
      assert.equal(await market.read.jobCount(), 1n)
      // Opening does not move the curve; only a met settlement does.
      assert.equal(await market.read.price(), price)
    })

    it('gives every job a distinct id', async () => {
      const f = await load()
      const a = await openJob(f, f.market)
      const b = await openJob(f, f.market, { ...a.terms })
      assert.notEqual(a.jobId, b.jobId)
      assert.equal((await f.market.read.getJob([zeroHash])).status, STATUS.None)
    })

    it('rejects bad terms, too little ether and a price above maxPrice, changing nothing', async () => {
      const f = await load()
      const { market, customer, publicClient } = f
      const price = await market.read.price()
      const terms = newTerms()
      const open = (
        testSetHash: Hex,
        thresholdBps: number,
        maxPrice: bigint,
        value: bigint,
        more: Partial<JobTerms> = {},
      ) =>
        market.write.openJob([{ ...onChainTerms(terms), testSetHash, thresholdBps, ...more }, maxPrice], {
          account: customer.account,
          value,
        })
      await viem.assertions.revertWithCustomErrorWithArgs(
        open(terms.testSetHash, 8_000, price - 1n, price),
        market,
        'SlippageExceeded',
        [price, price - 1n],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        open(terms.testSetHash, 8_000, price, price - 1n),
        market,
        'InsufficientPayment',
        [price - 1n, price],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        open(terms.testSetHash, 10_001, price, price),
        market,
        'ThresholdOutOfRange',
        [10_001, 10_000],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        open(terms.testSetHash, 0, price, price),
        market,
        'ThresholdOutOfRange',
        [0, 10_000],
      )
      await viem.assertions.revertWithCustomError(
        open(zeroHash, 8_000, price, price),
        market,
        'EmptyTestSetHash',
      )
      await viem.assertions.revertWithCustomError(
        open(terms.testSetHash, 8_000, price, price, { paramsHash: zeroHash }),
        market,
        'EmptyParamsHash',
      )
      await viem.assertions.revertWithCustomError(
        open(terms.testSetHash, 8_000, price, price, { modelCommitment: zeroHash }),
        market,
        'EmptyModelCommitment',
      )
      for (const journalFormat of [0, 3, 255]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          open(terms.testSetHash, 8_000, price, price, { journalFormat } as unknown as Partial<JobTerms>),
          market,
          'JournalFormatUnsupported',
          [journalFormat],
        )
      }
      assert.equal(await market.read.jobCount(), 0n)
      assert.equal(await publicClient.getBalance({ address: market.address }), 0n)
    })

    it('accepts the 0.01% and 100% thresholds', async () => {
      const f = await load()
      await openJob(f, f.market, newTerms(1))
      await openJob(f, f.market, newTerms(10_000))
      assert.equal(await f.market.read.jobCount(), 2n)
    })
  })

  describe('settle', () => {
    it('met: credits the vendor minus the ceil-rounded fee, credits the fee, and steps the curve', async () => {
      const f = await load()
      const { market, vendor, feeRecipient } = f
      const { jobId, price, terms } = await openJob(f, market)
      const settleArgs = await attest(f, jobId, journalFor(jobId, terms, { correct: 9, total: 10 }))
      const fee = ceilFee(price, FEE_BPS)
      await viem.assertions.emitWithArgs(market.write.settle(settleArgs), market, 'JobSettled', [
        jobId,
        true,
        terms.modelHash,
        9,
        10,
        price - fee,
        fee,
      ])
      assert.equal((await market.read.getJob([jobId])).modelHash, terms.modelHash)
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Settled)
      assert.equal(await market.read.balances([vendor.account.address]), price - fee)
      assert.equal(await market.read.balances([feeRecipient.account.address]), fee)
      assert.equal(await market.read.sales(), 1n)
      assert.equal(await market.read.price(), await market.read.priceAt([1n]))
      assert.ok((await market.read.price()) > price)
      await assertSolvent(f, [jobId])
    })

    it("met: rounds a fractional fee up, in the protocol's favour", async () => {
      const f = await load()
      // 10001 wei * 2.5% = 250.025 wei -> fee 251, vendor 9750.
      const market = await createMarket(
        connection,
        f.factory.address,
        f.vendor.account.address,
        keccak256('0x01'),
        {
          kind: CURVE_LINEAR,
          basePrice: 10_001n,
          step: 1n,
        },
      )
      const { jobId, terms } = await openJob(f, market)
      await market.write.settle(await attest(f, jobId, journalFor(jobId, terms)))
      assert.equal(await market.read.balances([f.feeRecipient.account.address]), 251n)
      assert.equal(await market.read.balances([f.vendor.account.address]), 9_750n)
    })

    it('met with a zero fee: the vendor gets the whole price', async () => {
      const f = await load()
      await f.factory.write.setProtocolFee([0], { account: f.owner.account })
      const { jobId, price, terms } = await openJob(f, f.market)
      await viem.assertions.emitWithArgs(
        f.market.write.settle(await attest(f, jobId, journalFor(jobId, terms))),
        f.market,
        'JobSettled',
        [jobId, true, terms.modelHash, 9, 10, price, 0n],
      )
      assert.equal(await f.market.read.balances([f.vendor.account.address]), price)
      assert.equal(await f.market.read.balances([f.feeRecipient.account.address]), 0n)
    })

    it('not met: refunds the customer by credit, pays nobody else, leaves the curve alone', async () => {
      const f = await load()
      const { market, customer, vendor, feeRecipient } = f
      const { jobId, price, terms } = await openJob(f, market, newTerms(9_000))
      const settleArgs = await attest(f, jobId, journalFor(jobId, terms, { correct: 8, total: 10 }))
      const hash = market.write.settle(settleArgs, { account: f.stranger.account })
      await viem.assertions.emitWithArgs(hash, market, 'JobRefunded', [
        jobId,
        getAddress(customer.account.address),
        price,
      ])
      const receipt = await f.publicClient.getTransactionReceipt({ hash: await hash })
      assert.equal(receipt.status, 'success')
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Refunded)
      assert.equal(await market.read.balances([customer.account.address]), price)
      assert.equal(await market.read.balances([vendor.account.address]), 0n)
      assert.equal(await market.read.balances([feeRecipient.account.address]), 0n)
      assert.equal(await market.read.sales(), 0n)
      assert.equal(await market.read.price(), price)

      await viem.assertions.balancesHaveChanged(market.write.withdraw({ account: customer.account }), [
        { address: customer.account.address, amount: price },
        { address: market.address, amount: -price },
      ])
      await assertSolvent(f, [jobId])
    })

    it("uses the fee snapshotted at openJob, not the owner's later fee", async () => {
      const f = await load()
      const { market, factory, owner, feeRecipient } = f
      const { jobId, price, terms } = await openJob(f, market)
      await factory.write.setProtocolFee([1_000], { account: owner.account })
      await market.write.settle(await attest(f, jobId, journalFor(jobId, terms)))
      assert.equal(await market.read.balances([feeRecipient.account.address]), ceilFee(price, FEE_BPS))

      const next = await openJob(f, market)
      assert.equal((await market.read.getJob([next.jobId])).feeBps, 1_000)
    })

    it('still settles after the deadline while the customer has not reclaimed', async () => {
      const f = await load()
      const { jobId, terms } = await openJob(f, f.market)
      const { deadline } = await f.market.read.getJob([jobId])
      await networkHelpers.time.increaseTo(deadline + 10n)
      await f.market.write.settle(await attest(f, jobId, journalFor(jobId, terms)))
      assert.equal((await f.market.read.getJob([jobId])).status, STATUS.Settled)
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.market.write.reclaim([jobId], { account: f.customer.account }),
        f.market,
        'JobNotOpen',
        [jobId, STATUS.Settled],
      )
    })
  })

  describe('reclaim', () => {
    it('returns the escrow to the customer from the deadline on, and only then', async () => {
      const f = await load()
      const { market, customer, stranger } = f
      const { jobId, price, terms } = await openJob(f, market)
      const { deadline } = await market.read.getJob([jobId])

      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.reclaim([jobId], { account: customer.account }),
        market,
        'DeadlineNotReached',
        [jobId, deadline],
      )
      await networkHelpers.time.setNextBlockTimestamp(deadline)
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.reclaim([jobId], { account: stranger.account }),
        market,
        'NotJobCustomer',
        [jobId, getAddress(stranger.account.address), getAddress(customer.account.address)],
      )
      await networkHelpers.time.setNextBlockTimestamp(deadline)
      const hash = market.write.reclaim([jobId], { account: customer.account })
      await viem.assertions.balancesHaveChanged(hash, [
        { address: customer.account.address, amount: price },
        { address: market.address, amount: -price },
      ])
      await viem.assertions.emitWithArgs(hash, market, 'JobReclaimed', [
        jobId,
        getAddress(customer.account.address),
        price,
      ])
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Reclaimed)

      // Closed for good: no second reclaim, no late settlement.
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.reclaim([jobId], { account: customer.account }),
        market,
        'JobNotOpen',
        [jobId, STATUS.Reclaimed],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(await attest(f, jobId, journalFor(jobId, terms))),
        market,
        'JobNotOpen',
        [jobId, STATUS.Reclaimed],
      )
      await assertSolvent(f, [jobId])
    })
  })

  describe('withdraw', () => {
    it('pays the vendor and the fee recipient their credits once', async () => {
      const f = await load()
      const { market, vendor, feeRecipient } = f
      const jobs: Hex[] = []
      let earned = 0n
      let fees = 0n
      for (let i = 0; i < 3; i++) {
        const { jobId, price, terms } = await openJob(f, market)
        jobs.push(jobId)
        await market.write.settle(await attest(f, jobId, journalFor(jobId, terms)))
        fees += ceilFee(price, FEE_BPS)
        earned += price - ceilFee(price, FEE_BPS)
      }
      assert.equal(await market.read.sales(), 3n)
      await assertSolvent(f, jobs)

      const hash = market.write.withdraw({ account: vendor.account })
      await viem.assertions.balancesHaveChanged(hash, [
        { address: vendor.account.address, amount: earned },
        { address: market.address, amount: -earned },
      ])
      await viem.assertions.emitWithArgs(hash, market, 'Withdrawn', [
        getAddress(vendor.account.address),
        earned,
      ])
      assert.equal(await market.read.balances([vendor.account.address]), 0n)
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.withdraw({ account: vendor.account }),
        market,
        'NothingToWithdraw',
        [getAddress(vendor.account.address)],
      )
      await viem.assertions.balancesHaveChanged(market.write.withdraw({ account: feeRecipient.account }), [
        { address: feeRecipient.account.address, amount: fees },
      ])
      assert.equal(await f.publicClient.getBalance({ address: market.address }), 0n)
    })
  })

  describe('vendor switches', () => {
    it('lets only the vendor close the market to new jobs and change the metadata URI', async () => {
      const f = await load()
      const { market, vendor, stranger } = f
      const open = await openJob(f, market)
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.setAcceptingJobs([false], { account: stranger.account }),
        market,
        'NotVendor',
        [getAddress(stranger.account.address), getAddress(vendor.account.address)],
      )
      await viem.assertions.revertWithCustomError(
        market.write.setMetadataURI(['ipfs://evil'], { account: stranger.account }),
        market,
        'NotVendor',
      )
      await viem.assertions.emitWithArgs(
        market.write.setAcceptingJobs([false], { account: vendor.account }),
        market,
        'AcceptingJobsUpdated',
        [false],
      )
      await viem.assertions.revertWithCustomError(openJob(f, market), market, 'MarketClosed')
      // Jobs already open still settle.
      await market.write.settle(await attest(f, open.jobId, journalFor(open.jobId, open.terms)))
      await viem.assertions.emitWithArgs(
        market.write.setMetadataURI(['ipfs://v2'], { account: vendor.account }),
        market,
        'MetadataURIUpdated',
        ['ipfs://v2'],
      )
      assert.equal(await market.read.metadataURI(), 'ipfs://v2')
      await market.write.setAcceptingJobs([true], { account: vendor.account })
      await openJob(f, market)
    })
  })

  describe('reentrancy and failed transfers', () => {
    const guardError = toFunctionSelector('ReentrancyGuardReentrantCall()')

    async function attacker(f: VeritreeFixture) {
      return viem.deployContract('ReentrantCustomer', [f.market.address])
    }

    it("blocks re-entering withdraw from a refund's withdraw", async () => {
      const f = await load()
      const evil = await attacker(f)
      const price = await f.market.read.price()
      const terms = newTerms(9_000)
      await evil.write.openJob([onChainTerms(terms), price], { value: price })
      const jobId = await evil.read.lastJobId()
      await f.market.write.settle(await attest(f, jobId, journalFor(jobId, terms, { correct: 1, total: 10 })))
      assert.equal(await f.market.read.balances([evil.address]), price)

      await evil.write.setMode([2]) // ReenterWithdraw
      await viem.assertions.balancesHaveChanged(evil.write.withdraw(), [
        { address: evil.address, amount: price },
      ])
      assert.equal(await evil.read.reentryError(), guardError)
      assert.equal(await evil.read.reentrySucceeded(), false)
      assert.equal(await f.publicClient.getBalance({ address: f.market.address }), 0n)
    })

    it('blocks re-entering reclaim from a reclaim, and openJob from an excess refund', async () => {
      const f = await load()
      const evil = await attacker(f)
      const price = await f.market.read.price()
      const terms = newTerms()

      await evil.write.setMode([4]) // ReenterOpenJob, triggered by the excess refund
      await evil.write.openJob([onChainTerms(terms), price], { value: price + 1n })
      assert.equal(await evil.read.reentryError(), guardError)
      assert.equal(await f.market.read.jobCount(), 1n)

      const jobId = await evil.read.lastJobId()
      const { deadline } = await f.market.read.getJob([jobId])
      await networkHelpers.time.increaseTo(deadline)
      await evil.write.setMode([3]) // ReenterReclaim
      await viem.assertions.balancesHaveChanged(evil.write.reclaim(), [
        { address: evil.address, amount: price },
      ])
      assert.equal(await evil.read.reentryError(), guardError)
      assert.equal((await f.market.read.getJob([jobId])).status, STATUS.Reclaimed)
      assert.equal(await f.publicClient.getBalance({ address: f.market.address }), 0n)
    })

    it('reverts with TransferFailed and keeps the credit when the payee refuses ether', async () => {
      const f = await load()
      const evil = await attacker(f)
      const price = await f.market.read.price()
      const terms = newTerms(9_000)
      await evil.write.openJob([onChainTerms(terms), price], { value: price })
      const jobId = await evil.read.lastJobId()
      await f.market.write.settle(await attest(f, jobId, journalFor(jobId, terms, { correct: 0, total: 10 })))
      await evil.write.setMode([1]) // Reject
      await viem.assertions.revertWithCustomErrorWithArgs(evil.write.withdraw(), f.market, 'TransferFailed', [
        getAddress(evil.address),
        price,
      ])
      assert.equal(await f.market.read.balances([evil.address]), price)
    })
  })
})
