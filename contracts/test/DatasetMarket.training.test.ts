/**
 * Format-2 ("proof of training") jobs: a job opened with journalFormat 2 settles only with a 320-byte
 * journal that names this market's dataset commitment and the job's training parameters, and a job
 * of either format refuses the other format's journal. Every attack is a genuinely attested journal,
 * so each failure is the contract's own check, and each leaves the job open and the ether in place.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeJournal } from '@veritree/core/canonical'
import { network } from 'hardhat'
import { type Hex, keccak256, toHex } from 'viem'
import { JOURNAL_FORMAT } from '../src-ts/job-terms.ts'
import { attest, journalFor, trainingJournalFor } from './helpers/attest.ts'
import {
  COMMITMENT,
  DOMAIN_ID,
  FEE_BPS,
  newTerms,
  onChainTerms,
  openJob,
  type TestTerms,
  type VeritreeFixture,
  veritreeFixture,
} from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4, Unprovable: 5 } as const

const trainingTerms = (thresholdBps = 8_000): TestTerms =>
  newTerms(thresholdBps, { journalFormat: JOURNAL_FORMAT.TRAINING })

/** The job is still open, the curve did not move and the market holds exactly its escrow. */
async function assertUntouched(f: VeritreeFixture, jobId: Hex, price: bigint) {
  const job = await f.market.read.getJob([jobId])
  assert.equal(job.status, STATUS.Open)
  assert.equal(await f.market.read.sales(), 0n)
  assert.equal(await f.publicClient.getBalance({ address: f.market.address }), price)
  assert.equal(await f.market.read.balances([f.vendor.account.address]), 0n)
  assert.equal(await f.market.read.balances([f.customer.account.address]), 0n)
}

describe('DatasetMarket format-2 jobs', () => {
  it('records the format, emits it in JobOpened, and settles a met job with a journal of this dataset and params', async () => {
    const f = await load()
    const { market } = f
    const { jobId, price, terms } = await openJob(f, market, trainingTerms())
    const job = await market.read.getJob([jobId])
    assert.equal(job.journalFormat, 2)
    const [opened] = await market.getEvents.JobOpened({ jobId })
    assert.deepEqual(opened?.args.terms, onChainTerms(terms))

    const journal = trainingJournalFor(jobId, terms, COMMITMENT)
    assert.equal((journal.length - 2) / 2, 320)
    await market.write.settle(await attest(f, jobId, journal))
    const fee = (price * BigInt(FEE_BPS) + 9_999n) / 10_000n
    assert.equal((await market.read.getJob([jobId])).status, STATUS.Settled)
    assert.equal((await market.read.getJob([jobId])).modelHash, terms.modelHash)
    assert.equal(await market.read.balances([f.vendor.account.address]), price - fee)
    assert.equal(await market.read.sales(), 1n)
  })

  it('refunds a format-2 job whose journal misses the threshold', async () => {
    const f = await load()
    const { jobId, price, terms } = await openJob(f, f.market, trainingTerms(9_000))
    const journal = trainingJournalFor(jobId, terms, COMMITMENT, { correct: 8, total: 10 })
    await f.market.write.settle(await attest(f, jobId, journal))
    assert.equal((await f.market.read.getJob([jobId])).status, STATUS.Refunded)
    assert.equal(await f.market.read.balances([f.customer.account.address]), price)
    assert.equal(await f.market.read.sales(), 0n)
  })

  it('a format-1 journal cannot settle a format-2 job, nor a format-2 journal a format-1 job', async () => {
    const f = await load()
    const { market } = f
    const two = await openJob(f, market, trainingTerms())
    const one = await openJob(f, market, newTerms())
    // Both are otherwise perfect journals for their target job, and both are attested.
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(await attest(f, two.jobId, journalFor(two.jobId, two.terms))),
      market,
      'JournalFormatMismatch',
      [2, 1],
    )
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(await attest(f, one.jobId, trainingJournalFor(one.jobId, one.terms, COMMITMENT))),
      market,
      'JournalFormatMismatch',
      [1, 2],
    )
    for (const { jobId } of [one, two]) {
      assert.equal((await market.read.getJob([jobId])).status, STATUS.Open)
    }
    assert.equal(await market.read.sales(), 0n)
    // Each settles with its own format.
    await market.write.settle(
      await attest(f, two.jobId, trainingJournalFor(two.jobId, two.terms, COMMITMENT)),
    )
    await market.write.settle(await attest(f, one.jobId, journalFor(one.jobId, one.terms)))
    assert.equal(await market.read.sales(), 2n)
  })

  it('a journal of a model trained on another dataset', async () => {
    const f = await load()
    const { jobId, price, terms } = await openJob(f, f.market, trainingTerms())
    const otherDataset = keccak256(toHex('another vendor’s dataset'))
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.settle(await attest(f, jobId, trainingJournalFor(jobId, terms, otherDataset))),
      f.market,
      'DatasetMismatch',
      [COMMITMENT, otherDataset],
    )
    await assertUntouched(f, jobId, price)
  })

  it('a journal of a model trained with other parameters', async () => {
    const f = await load()
    const { jobId, price, terms } = await openJob(f, f.market, trainingTerms())
    const otherParams = keccak256(toHex('deeper trees'))
    await viem.assertions.revertWithCustomErrorWithArgs(
      f.market.write.settle(
        await attest(
          f,
          jobId,
          trainingJournalFor(jobId, terms, COMMITMENT, undefined, { paramsHash: otherParams }),
        ),
      ),
      f.market,
      'ParamsMismatch',
      [terms.paramsHash, otherParams],
    )
    await assertUntouched(f, jobId, price)
  })

  it('another job, test set, threshold, model, domain, and a replay', async () => {
    const f = await load()
    const { market } = f
    const a = await openJob(f, market, trainingTerms())
    const b = await openJob(f, market, trainingTerms())
    const bArgs = await attest(f, b.jobId, trainingJournalFor(b.jobId, b.terms, COMMITMENT))
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle([a.jobId, bArgs[1], bArgs[2], bArgs[3]]),
      market,
      'JournalJobMismatch',
      [a.jobId, b.jobId],
    )
    const otherSet = keccak256(toHex('another test set'))
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(
        await attest(
          f,
          a.jobId,
          trainingJournalFor(a.jobId, a.terms, COMMITMENT, undefined, { testSetHash: otherSet }),
        ),
      ),
      market,
      'JournalTestSetMismatch',
      [a.terms.testSetHash, otherSet],
    )
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(
        await attest(
          f,
          a.jobId,
          trainingJournalFor(a.jobId, { ...a.terms, thresholdBps: 5_000 }, COMMITMENT),
        ),
      ),
      market,
      'JournalThresholdMismatch',
      [a.terms.thresholdBps, 5_000],
    )
    const otherModel = keccak256(toHex('a model nobody quoted'))
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(
        await attest(
          f,
          a.jobId,
          trainingJournalFor(a.jobId, a.terms, COMMITMENT, undefined, { modelHash: otherModel }),
        ),
      ),
      market,
      'ModelMismatch',
      [a.terms.modelCommitment, otherModel],
    )
    const good = trainingJournalFor(a.jobId, a.terms, COMMITMENT)
    await viem.assertions.revertWithCustomErrorWithArgs(
      market.write.settle(await attest(f, a.jobId, good, { domainId: DOMAIN_ID + 1n })),
      market,
      'DomainMismatch',
      [DOMAIN_ID + 1n, DOMAIN_ID],
    )
    assert.equal((await market.read.getJob([a.jobId])).status, STATUS.Open)
    const args = await attest(f, a.jobId, good)
    await market.write.settle(args)
    await viem.assertions.revertWithCustomErrorWithArgs(market.write.settle(args), market, 'JobNotOpen', [
      a.jobId,
      STATUS.Settled,
    ])
    await market.write.settle(bArgs)
    assert.equal(await market.read.sales(), 2n)
  })

  it('malformed format-2 journals, even when attested: wrong length, wrong format, inconsistent counts, dirty words', async () => {
    const f = await load()
    const { market } = f
    const { jobId, price, terms } = await openJob(f, market, trainingTerms())
    const good = trainingJournalFor(jobId, terms, COMMITMENT)
    const settleWith = async (journal: Hex) => market.write.settle(await attest(f, jobId, journal))
    // 319 and 321 bytes; and a format-1 journal's 256 bytes followed by 64 bytes is still format 1.
    const formatOnePadded =
      `${encodeJournal(journalFor(jobId, terms))}${COMMITMENT.slice(2)}${terms.paramsHash.slice(2)}` as Hex
    for (const [journal, length] of [
      [good.slice(0, -2) as Hex, 319n],
      [`${good}00` as Hex, 321n],
      [good.slice(0, 2 + 512) as Hex, 256n],
      [formatOnePadded, 320n],
    ] as const) {
      await viem.assertions.revertWithCustomErrorWithArgs(
        settleWith(journal),
        market,
        'JournalLengthInvalid',
        [length],
      )
    }
    await viem.assertions.revertWithCustomErrorWithArgs(
      settleWith(trainingJournalFor(jobId, terms, COMMITMENT, undefined, { format: 3 })),
      market,
      'JournalFormatUnsupported',
      [3],
    )
    await viem.assertions.revertWithCustomErrorWithArgs(
      settleWith(trainingJournalFor(jobId, terms, COMMITMENT, { correct: 7, total: 10 }, { met: true })),
      market,
      'JournalInconsistent',
      [7, 10, 8_000, true],
    )
    await viem.assertions.revertWithCustomError(
      settleWith(trainingJournalFor(jobId, terms, COMMITMENT, { correct: 0, total: 0 }, { met: true })),
      market,
      'JournalInconsistent',
    )
    await viem.assertions.revertWithCustomError(
      settleWith(trainingJournalFor(jobId, terms, COMMITMENT, { correct: 11, total: 10 }, { met: true })),
      market,
      'JournalInconsistent',
    )
    // A bool word of 2 (word 7) is not ABI: abi.decode itself refuses it.
    const dirtyBool = `${good.slice(0, 2 + 8 * 64 - 2)}02${good.slice(2 + 8 * 64)}` as Hex
    assert.equal(dirtyBool.length, good.length)
    await viem.assertions.revert(settleWith(dirtyBool))
    await assertUntouched(f, jobId, price)
    // The boundary itself: exactly 80% meets 80%.
    await settleWith(trainingJournalFor(jobId, terms, COMMITMENT, { correct: 8, total: 10 }))
    assert.equal((await market.read.getJob([jobId])).status, STATUS.Settled)
  })
})
