/**
 * Issue 9's contract attacks, each performed and shown to fail: proving another model for a job,
 * refunds by anyone but the operator, verifier configs changed under an open job, stale quotes, the
 * local aggregation stand-in on a real chain, receivers that refuse ether, forced ether, journals
 * replayed on another market, and reentrancy through the new refund path.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { network } from 'hardhat'
import { getAddress, type Hex, keccak256, parseEther, toFunctionSelector, toHex } from 'viem'
import { demoLinearCurve } from '../deploy/curves.ts'
import { deployVeritree } from '../deploy/deployLocal.ts'
import { modelCommitment, UNPROVABLE_REASON } from '../src-ts/job-terms.ts'
import { attest, journalFor } from './helpers/attest.ts'
import {
  createMarket,
  DOMAIN_ID,
  IMAGE_ID,
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

/** The market holds at least open escrows plus everyone's credits, and `surplus` more. */
async function assertOwed(
  f: VeritreeFixture,
  market: VeritreeFixture['market'],
  jobIds: Hex[],
  surplus = 0n,
) {
  let owed = 0n
  for (const jobId of jobIds) {
    const job = await market.read.getJob([jobId])
    if (job.status === STATUS.Open) owed += job.price
  }
  for (const w of [f.vendor, f.customer, f.feeRecipient, f.stranger, f.owner, f.operator]) {
    owed += await market.read.balances([w.account.address])
  }
  assert.equal(await f.publicClient.getBalance({ address: market.address }), owed + surplus)
}

describe('DatasetMarket attacks', () => {
  describe('settle binds the model', () => {
    it('of two valid journals for one job, with different models and opposite outcomes, only the committed one settles', async () => {
      for (const committedMeets of [true, false]) {
        const f = await load()
        const { market } = f
        const { jobId, price, terms } = await openJob(f, market, newTerms(8_000))
        const committed = journalFor(
          jobId,
          terms,
          committedMeets ? { correct: 9, total: 10 } : { correct: 1, total: 10 },
        )
        // The attacker proves another model for the same job id, test set and threshold: one that
        // flips the outcome (a deliberate miss to refund, or a model that memorised the test set).
        const otherModel = keccak256(toHex('a model nobody quoted'))
        const other = journalFor(
          jobId,
          terms,
          committedMeets ? { correct: 0, total: 10 } : { correct: 10, total: 10 },
          { modelHash: otherModel },
        )
        assert.notEqual(committed.met, other.met)
        // Both journals are genuinely attested by zkVerify.
        const otherArgs = await attest(f, jobId, other)
        await viem.assertions.revertWithCustomErrorWithArgs(
          market.write.settle(otherArgs),
          market,
          'ModelMismatch',
          [terms.modelCommitment, otherModel],
        )
        // Nor with the committed model's salt.
        const otherWithRealSalt = await attest(f, jobId, other, { modelSalt: terms.modelSalt })
        await viem.assertions.revertWithCustomError(
          market.write.settle(otherWithRealSalt),
          market,
          'ModelMismatch',
        )
        // The committed model with a wrong salt does not open the commitment either.
        const wrongSalt = await attest(f, jobId, committed, { modelSalt: keccak256(toHex('guessed salt')) })
        await viem.assertions.revertWithCustomErrorWithArgs(
          market.write.settle(wrongSalt),
          market,
          'ModelMismatch',
          [terms.modelCommitment, terms.modelHash],
        )
        assert.equal((await market.read.getJob([jobId])).status, STATUS.Open)

        const good = await attest(f, jobId, committed)
        await viem.assertions.emitWithArgs(market.write.settle(good), market, 'JobSettled', [
          jobId,
          committed.met,
          terms.modelHash,
          committed.correct,
          committed.total,
          committedMeets ? price - (price * 250n + 9_999n) / 10_000n : 0n,
          committedMeets ? (price * 250n + 9_999n) / 10_000n : 0n,
        ])
        const job = await market.read.getJob([jobId])
        assert.equal(job.status, committedMeets ? STATUS.Settled : STATUS.Refunded)
        assert.equal(job.modelHash, terms.modelHash)
        assert.equal(job.modelCommitment, modelCommitment(terms.modelHash, terms.modelSalt))
        // The attacker's journal stays useless after the sale too.
        await viem.assertions.revertWithCustomError(market.write.settle(otherArgs), market, 'JobNotOpen')
      }
    })
  })

  describe('refundUnprovable', () => {
    it('refunds in full, by credit, only when the operator asks, for a reason 1..5, once, and only an open job', async () => {
      const f = await load()
      const { market, operator, customer } = f
      const { jobId, price } = await openJob(f, market)
      for (const who of [f.customer, f.vendor, f.owner, f.stranger]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          market.write.refundUnprovable([jobId, UNPROVABLE_REASON.PROVER_FAILED], { account: who.account }),
          market,
          'NotOperator',
          [getAddress(who.account.address), getAddress(operator.account.address)],
        )
      }
      for (const reason of [0, 6, 255]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          market.write.refundUnprovable([jobId, reason], { account: operator.account }),
          market,
          'UnprovableReasonOutOfRange',
          [reason],
        )
      }
      const unknown = keccak256(toHex('no such job'))
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.refundUnprovable([unknown, 1], { account: operator.account }),
        market,
        'JobNotOpen',
        [unknown, STATUS.None],
      )
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Open)
      assert.equal(await market.read.balances([customer.account.address]), 0n)

      await viem.assertions.emitWithArgs(
        market.write.refundUnprovable([jobId, UNPROVABLE_REASON.TEST_SET_TOO_LARGE], {
          account: operator.account,
        }),
        market,
        'JobUnprovable',
        [jobId, getAddress(customer.account.address), UNPROVABLE_REASON.TEST_SET_TOO_LARGE, price],
      )
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Unprovable)
      assert.equal(await market.read.balances([customer.account.address]), price)
      assert.equal(await market.read.balances([f.vendor.account.address]), 0n)
      assert.equal(await market.read.sales(), 0n)
      // Once only, and the job is closed to settle and reclaim too.
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.refundUnprovable([jobId, 1], { account: operator.account }),
        market,
        'JobNotOpen',
        [jobId, STATUS.Unprovable],
      )
      const terms = newTerms()
      await viem.assertions.revertWithCustomError(
        market.write.settle(await attest(f, jobId, journalFor(jobId, terms))),
        market,
        'JobNotOpen',
      )
      await networkHelpers.time.increase(2n * 86_400n)
      await viem.assertions.revertWithCustomError(
        market.write.reclaim([jobId], { account: customer.account }),
        market,
        'JobNotOpen',
      )
      await assertOwed(f, market, [jobId])
      await viem.assertions.balancesHaveChanged(market.write.withdraw({ account: customer.account }), [
        { address: customer.account.address, amount: price },
      ])
      await assertOwed(f, market, [jobId])
    })

    it('cannot refund a settled job, and follows the factory when the owner replaces the operator', async () => {
      const f = await load()
      const { market, factory, owner, operator, stranger } = f
      const settled = await openJob(f, market)
      await market.write.settle(await attest(f, settled.jobId, journalFor(settled.jobId, settled.terms)))
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.refundUnprovable([settled.jobId, 2], { account: operator.account }),
        market,
        'JobNotOpen',
        [settled.jobId, STATUS.Settled],
      )
      const { jobId } = await openJob(f, market)
      await factory.write.setOperator([stranger.account.address], { account: owner.account })
      await viem.assertions.revertWithCustomError(
        market.write.refundUnprovable([jobId, 3], { account: operator.account }),
        market,
        'NotOperator',
      )
      await market.write.refundUnprovable([jobId, 3], { account: stranger.account })
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Unprovable)
    })
  })

  describe('verifier configs', () => {
    it('an open job keeps the config it opened with; new jobs use the appended one', async () => {
      const f = await load()
      const { market, factory, owner, operator } = f
      const before = await openJob(f, market)
      assert.equal((await market.read.getJob([before.jobId])).verifierId, 1)

      // The owner appends guest v2 on a new aggregation contract and domain while the job is open.
      const zkVerify2 = await viem.deployContract('ZkVerifyAggregation', [operator.account.address])
      const v2 = {
        imageId: keccak256(toHex('guest v2')),
        zkVerify: getAddress(zkVerify2.address),
        domainId: 9n,
      }
      await viem.assertions.emitWithArgs(
        factory.write.setVerifierConfig([v2], { account: owner.account }),
        factory,
        'VerifierConfigAdded',
        [2, v2],
      )
      const after = await openJob(f, market)
      assert.equal((await market.read.getJob([after.jobId])).verifierId, 2)

      const journalBefore = journalFor(before.jobId, before.terms)
      const journalAfter = journalFor(after.jobId, after.terms)
      const v2Options = { imageId: v2.imageId, domainId: v2.domainId, zkVerify: zkVerify2 }
      // statementFor follows each job's own config: the same journal bytes give two statements.
      const bytes = (await attest(f, before.jobId, journalBefore))[1]
      assert.notEqual(
        await market.read.statementFor([before.jobId, bytes]),
        await market.read.statementFor([after.jobId, bytes]),
      )
      // The old job: a proof under the new config is refused, its own config settles it.
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(await attest(f, before.jobId, journalBefore, v2Options)),
        market,
        'DomainMismatch',
        [9n, DOMAIN_ID],
      )
      // Same domain but the new image id, on the old contract: not the job's statement.
      await viem.assertions.revertWithCustomError(
        market.write.settle(await attest(f, before.jobId, journalBefore, { imageId: v2.imageId })),
        market,
        'ProofNotVerified',
      )
      await market.write.settle(await attest(f, before.jobId, journalBefore))
      assert.equal((await market.read.getJob([before.jobId])).status, STATUS.Settled)

      // The new job: the old config is refused, the new one settles.
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.settle(await attest(f, after.jobId, journalAfter)),
        market,
        'DomainMismatch',
        [DOMAIN_ID, 9n],
      )
      await market.write.settle(await attest(f, after.jobId, journalAfter, v2Options))
      assert.equal((await market.read.getJob([after.jobId])).status, STATUS.Settled)
      // Config 1 is still readable: appended, not edited.
      assert.equal((await factory.read.verifierConfig([1])).imageId, IMAGE_ID)
    })

    it("statementFor uses the job's image id, and refuses an unknown job", async () => {
      const f = await load()
      const { market, factory, owner } = f
      const { jobId, terms } = await openJob(f, market)
      const journal = (await attest(f, jobId, journalFor(jobId, terms)))[1]
      const v1Statement = await market.read.statementFor([jobId, journal])
      await factory.write.setVerifierConfig(
        [{ imageId: keccak256(toHex('guest v3')), zkVerify: f.zkVerify.address, domainId: DOMAIN_ID }],
        { account: owner.account },
      )
      assert.equal(await market.read.statementFor([jobId, journal]), v1Statement)
      await viem.assertions.revertWithCustomError(
        market.read.statementFor([keccak256(toHex('no such job')), journal]),
        factory,
        'UnknownVerifierConfig',
      )
    })
  })

  describe('quote expiry', () => {
    it('openJob refuses a quote whose expiry has passed, and accepts one at its last second', async () => {
      const f = await load()
      const { market, customer } = f
      const now = BigInt(await networkHelpers.time.latest())
      const price = await market.read.price()
      const stale = newTerms(8_000, { quoteExpiresAt: now + 10n })
      await networkHelpers.time.setNextBlockTimestamp(now + 11n)
      await viem.assertions.revertWithCustomErrorWithArgs(
        market.write.openJob([onChainTerms(stale), price], { account: customer.account, value: price }),
        market,
        'QuoteExpired',
        [now + 10n],
      )
      assert.equal(await market.read.jobCount(), 0n)
      const fresh = newTerms(8_000, { quoteExpiresAt: now + 100n })
      await networkHelpers.time.setNextBlockTimestamp(now + 100n)
      await openJob(f, market, fresh)
      assert.equal(await market.read.jobCount(), 1n)
    })
  })

  describe('receivers that refuse ether', () => {
    it('a refunded customer whose receiver rejects ether keeps a withdrawable credit and blocks nobody', async () => {
      const f = await load()
      const { market, operator, vendor } = f
      const evil = await viem.deployContract('ReentrantCustomer', [market.address])
      await evil.write.setMode([1]) // Reject
      const price = await market.read.price()
      await evil.write.openJob([onChainTerms(newTerms()), price], { value: price })
      const refused = await evil.read.lastJobId()
      // A sale by someone else, so the vendor has a credit too.
      const sale = await openJob(f, market)
      await market.write.settle(await attest(f, sale.jobId, journalFor(sale.jobId, sale.terms)))

      await market.write.refundUnprovable([refused, UNPROVABLE_REASON.MODEL_MISMATCH], {
        account: operator.account,
      })
      await viem.assertions.revertWithCustomErrorWithArgs(evil.write.withdraw(), market, 'TransferFailed', [
        getAddress(evil.address),
        price,
      ])
      assert.equal(await market.read.balances([evil.address]), price)
      // Others are unaffected: the vendor withdraws while the refused credit waits.
      const vendorCredit = await market.read.balances([vendor.account.address])
      await viem.assertions.balancesHaveChanged(market.write.withdraw({ account: vendor.account }), [
        { address: vendor.account.address, amount: vendorCredit },
      ])
      // The customer fixes its receiver and collects.
      await evil.write.setMode([0])
      await viem.assertions.balancesHaveChanged(evil.write.withdraw(), [
        { address: evil.address, amount: price },
      ])
      assert.equal(await market.read.balances([evil.address]), 0n)
    })

    it('a reclaim to a refusing receiver reverts and leaves the job open to reclaim later', async () => {
      const f = await load()
      const { market } = f
      const evil = await viem.deployContract('ReentrantCustomer', [market.address])
      const price = await market.read.price()
      await evil.write.openJob([onChainTerms(newTerms()), price], { value: price })
      const jobId = await evil.read.lastJobId()
      await networkHelpers.time.increaseTo((await market.read.getJob([jobId])).deadline)
      await evil.write.setMode([1])
      await viem.assertions.revertWithCustomError(evil.write.reclaim(), market, 'TransferFailed')
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Open)
      await evil.write.setMode([0])
      await evil.write.reclaim()
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Reclaimed)
    })

    it('re-entering withdraw from an unprovable refund is blocked', async () => {
      const f = await load()
      const { market, operator } = f
      const evil = await viem.deployContract('ReentrantCustomer', [market.address])
      const price = await market.read.price()
      await evil.write.openJob([onChainTerms(newTerms()), price], { value: price })
      await market.write.refundUnprovable([await evil.read.lastJobId(), 5], { account: operator.account })
      await evil.write.setMode([2]) // ReenterWithdraw
      await viem.assertions.balancesHaveChanged(evil.write.withdraw(), [
        { address: evil.address, amount: price },
      ])
      assert.equal(await evil.read.reentryError(), toFunctionSelector('ReentrancyGuardReentrantCall()'))
      assert.equal(await evil.read.reentrySucceeded(), false)
      assert.equal(await f.publicClient.getBalance({ address: market.address }), 0n)
    })
  })

  describe('unowned ether', () => {
    it('forced ether (selfdestruct) and ether sent to a predicted market address change no account', async () => {
      const f = await load()
      const { factory, vendor, customer, publicClient } = f
      // Ether sent to where a market will be, before it exists.
      const commitment = keccak256(toHex('dataset announced early'))
      const predicted = await factory.read.predictMarket([vendor.account.address, commitment])
      const early = parseEther('0.5')
      await customer.sendTransaction({ to: predicted, value: early })
      const market = await createMarket(
        connection,
        factory.address,
        vendor.account.address,
        commitment,
        demoLinearCurve,
      )
      assert.equal(getAddress(market.address), getAddress(predicted))
      // A market has no receive function: plain ether is refused once it exists.
      await assert.rejects(customer.sendTransaction({ to: market.address, value: 1n }))
      // Forced ether: a contract that self-destructs in its constructor (Cancun still moves the balance).
      const forced = parseEther('0.25')
      await viem.deployContract('ForceSend', [market.address], { value: forced })
      const surplus = early + forced
      assert.equal(await publicClient.getBalance({ address: market.address }), surplus)

      // The market's accounting ignores it: no credits appear, and a full sale, a refund and the
      // withdrawals move exactly what is owed, leaving the surplus where it was.
      const sale = await openJob(f, market)
      const refund = await openJob(f, market, newTerms(9_000))
      await market.write.settle(await attest(f, sale.jobId, journalFor(sale.jobId, sale.terms)))
      await market.write.settle(
        await attest(f, refund.jobId, journalFor(refund.jobId, refund.terms, { correct: 1, total: 10 })),
      )
      await assertOwed(f, market, [sale.jobId, refund.jobId], surplus)
      for (const w of [f.vendor, f.feeRecipient, f.customer])
        await market.write.withdraw({ account: w.account })
      await assertOwed(f, market, [sale.jobId, refund.jobId], surplus)
      assert.equal(await publicClient.getBalance({ address: market.address }), surplus)
    })
  })

  describe('replay on another market', () => {
    it("a journal attested for one market's job settles no job of another market", async () => {
      const f = await load()
      const { factory, vendor } = f
      const marketA = f.market
      const marketB = await createMarket(
        connection,
        factory.address,
        vendor.account.address,
        keccak256(toHex('second dataset')),
        demoLinearCurve,
      )
      const a = await openJob(f, marketA)
      // The same terms on B: same test set, threshold, model commitment.
      const b = await openJob(f, marketB, a.terms)
      assert.notEqual(a.jobId, b.jobId)
      const argsA = await attest(f, a.jobId, journalFor(a.jobId, a.terms))
      await viem.assertions.revertWithCustomErrorWithArgs(
        marketB.write.settle(argsA),
        marketB,
        'JobNotOpen',
        [a.jobId, STATUS.None],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        marketB.write.settle([b.jobId, argsA[1], argsA[2], argsA[3]]),
        marketB,
        'JournalJobMismatch',
        [b.jobId, a.jobId],
      )
      assert.equal((await marketB.read.getJob([b.jobId])).status, STATUS.Open)
      await marketA.write.settle(argsA)
    })
  })

  describe('deployVeritree and the local aggregation stand-in', () => {
    it('refuses to deploy ZkVerifyAggregation on a chain other than 31337 unless allowMockAggregation', async () => {
      const other = await network.create({ override: { chainId: 424_242 } })
      const publicClient = await other.viem.getPublicClient()
      const [owner] = await other.viem.getWalletClients()
      assert.equal(await publicClient.getChainId(), 424_242)
      const nonce = await publicClient.getTransactionCount({ address: owner.account.address })
      await assert.rejects(
        deployVeritree({ walletClient: owner, publicClient, imageId: IMAGE_ID }),
        /refusing to deploy the local ZkVerifyAggregation on chain 424242/,
      )
      assert.equal(await publicClient.getTransactionCount({ address: owner.account.address }), nonce)

      const mock = await deployVeritree({
        walletClient: owner,
        publicClient,
        imageId: IMAGE_ID,
        allowMockAggregation: true,
      })
      assert.ok(await publicClient.getCode({ address: mock.zkVerify }))
      // An existing aggregation contract (zkVerify's proxy on a real chain) needs no flag.
      const real = await deployVeritree({
        walletClient: owner,
        publicClient,
        imageId: IMAGE_ID,
        zkVerify: mock.zkVerify,
      })
      assert.equal(real.zkVerify, mock.zkVerify)
      const factory = await other.viem.getContractAt('DatasetFactory', real.factory)
      assert.equal((await factory.read.verifierConfig([1])).zkVerify, getAddress(mock.zkVerify))
    })
  })
})
