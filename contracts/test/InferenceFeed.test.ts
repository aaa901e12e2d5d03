/**
 * Proven inference feeds (issue 12, contracts): listing a bought model, requests escrowed through the
 * shared ProvenEscrow rules, settle with a zkVerify-attested format-3 journal and its predictions, the
 * royalty split, every escrow path (pay, refund, reclaim) and the tampering attacks (a changed
 * prediction, another model, another request, a replayed journal), and a consumer contract deciding
 * with a proven prediction.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  encodePredictions as encodeCorePredictions,
  encodeInferenceJournal,
  type InferenceJournal,
  predictionsHash,
} from '@veritree/core/canonical'
import { network } from 'hardhat'
import { getAddress, type Hex, hexToBytes, keccak256, toHex } from 'viem'
import { demoLinearCurve } from '../deploy/curves.ts'
import { UNPROVABLE_REASON } from '../src-ts/job-terms.ts'
import { attest, journalFor, withFormatWord } from './helpers/attest.ts'
import { FEE_BPS, newTerms, openJob, type VeritreeFixture, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection

const STATUS = { None: 0, Open: 1, Settled: 2, Refunded: 3, Reclaimed: 4, Unprovable: 5 } as const
const ROYALTY_BPS = 1_500
const PRICE_PER_PREDICTION = 10n ** 12n

/** Canonical predictions (the core's encoder: u16 little-endian class indices), as calldata hex. */
const encodePredictions = (labels: number[]): Hex => toHex(encodeCorePredictions(labels))
const sha256Hex = (predictions: Hex): Hex => predictionsHash(hexToBytes(predictions))

/** A format-3 journal from the core's encoder; `format` forges the format word. */
function inferenceJournal(j: Omit<InferenceJournal, 'format'> & { format?: number }): Hex {
  const { format = 3, ...fields } = j
  const journal = encodeInferenceJournal({ ...fields, format: 3 })
  return format === 3 ? journal : withFormatWord(journal, format)
}

/** A market with a royalty, a met sale on it, and the sold model listed as a feed by its buyer. */
async function feedFixture(c: typeof connection) {
  const f = await veritreeFixture(c)
  const commitment = keccak256(toHex('royalty dataset'))
  await f.publicClient.waitForTransactionReceipt({
    hash: await f.factory.write.createDatasetWithRoyalty(
      [commitment, demoLinearCurve, 'ipfs://royalty', ROYALTY_BPS],
      { account: f.vendor.account },
    ),
  })
  const market = await c.viem.getContractAt(
    'DatasetMarket',
    await f.factory.read.marketOf([f.vendor.account.address, commitment]),
  )
  const sale = await openJob(f, market, newTerms(8_000))
  await market.write.settle(await attest(f, sale.jobId, journalFor(sale.jobId, sale.terms)))
  await f.publicClient.waitForTransactionReceipt({
    hash: await f.factory.write.createFeed([market.address, sale.jobId, PRICE_PER_PREDICTION], {
      account: f.customer.account,
    }),
  })
  const feed = await c.viem.getContractAt(
    'InferenceFeed',
    await f.factory.read.feedOf([market.address, sale.jobId]),
  )
  // The consumer is the stranger account.
  return { ...f, market, sale, feed, modelHash: sale.terms.modelHash, consumer: f.stranger }
}
const load = () => networkHelpers.loadFixture(feedFixture)
type FeedFixture = Awaited<ReturnType<typeof feedFixture>>

async function request(f: FeedFixture, labels: number[], tag = 'rows') {
  const inputsHash = keccak256(toHex(`inputs ${tag} ${labels.length}`))
  const price = await f.feed.read.priceOf([labels.length])
  const hash = await f.feed.write.requestPredictions([inputsHash, labels.length, price], {
    account: f.consumer.account,
    value: price,
  })
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash })
  const [log] = await f.feed.getEvents.PredictionsRequested({}, { blockHash: receipt.blockHash })
  const requestId = log?.args.requestId as Hex
  const predictions = encodePredictions(labels)
  const journal = inferenceJournal({
    requestId,
    modelHash: f.modelHash,
    inputsHash,
    count: labels.length,
    predictionsHash: sha256Hex(predictions),
  })
  return { requestId, inputsHash, price, predictions, journal }
}

/** settle's arguments for a journal attested by the local zkVerify. */
async function settleArgs(f: FeedFixture, requestId: Hex, journal: Hex, predictions: Hex) {
  const [, , , proof] = await attest(f as unknown as VeritreeFixture, requestId, journal)
  return [requestId, journal, predictions, proof] as const
}

describe('InferenceFeed', () => {
  describe('listing', () => {
    it('the buyer of a met sale lists its model, with the market vendor royalty; once', async () => {
      const f = await load()
      assert.equal(getAddress(await f.feed.read.owner()), getAddress(f.customer.account.address))
      assert.equal(await f.feed.read.modelHash(), f.modelHash)
      assert.equal(getAddress(await f.feed.read.royaltyRecipient()), getAddress(f.vendor.account.address))
      assert.equal(await f.feed.read.royaltyBps(), ROYALTY_BPS)
      assert.equal(await f.feed.read.pricePerPrediction(), PRICE_PER_PREDICTION)
      await viem.assertions.revertWithCustomError(
        f.factory.write.createFeed([f.market.address, f.sale.jobId, 1n], { account: f.customer.account }),
        f.factory,
        'FeedAlreadyListed',
      )
    })

    it('refuses a stranger, an unsold (open or refunded) job, a fake market, and a royalty above 20%', async () => {
      const f = await load()
      const other = await openJob(f, f.market, newTerms(8_000))
      await f.market.write.settle(await attest(f, other.jobId, journalFor(other.jobId, other.terms)))
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.factory.write.createFeed([f.market.address, other.jobId, 1n], { account: f.stranger.account }),
        f.factory,
        'NotModelOwner',
        [getAddress(f.stranger.account.address), getAddress(f.customer.account.address)],
      )
      const open = await openJob(f, f.market, newTerms(8_000))
      await viem.assertions.revertWithCustomError(
        f.factory.write.createFeed([f.market.address, open.jobId, 1n], { account: f.customer.account }),
        f.factory,
        'ModelNotSold',
      )
      const missed = await openJob(f, f.market, newTerms(9_000))
      await f.market.write.settle(
        await attest(f, missed.jobId, journalFor(missed.jobId, missed.terms, { correct: 1, total: 10 })),
      )
      await viem.assertions.revertWithCustomError(
        f.factory.write.createFeed([f.market.address, missed.jobId, 1n], { account: f.customer.account }),
        f.factory,
        'ModelNotSold',
      )
      await viem.assertions.revertWithCustomError(
        f.factory.write.createFeed([f.feed.address, other.jobId, 1n], { account: f.customer.account }),
        f.factory,
        'UnknownMarket',
      )
      // An account without code, and the factory itself (a contract without vendor()/commitment()).
      for (const notAMarket of [f.stranger.account.address, f.factory.address]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.factory.write.createFeed([notAMarket, other.jobId, 1n], { account: f.customer.account }),
          f.factory,
          'UnknownMarket',
          [getAddress(notAMarket)],
        )
      }
      await viem.assertions.revertWithCustomError(
        f.factory.write.createFeed([f.market.address, other.jobId, 0n], { account: f.customer.account }),
        f.feed,
        'ZeroPrice',
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.factory.write.createDatasetWithRoyalty([keccak256(toHex('greedy')), demoLinearCurve, 'x', 2_001], {
          account: f.vendor.account,
        }),
        f.market,
        'RoyaltyTooHigh',
        [2_001, 2_000],
      )
    })

    it('nobody can initialise the implementation or re-initialise a feed', async () => {
      const f = await load()
      const args = [
        f.stranger.account.address,
        f.market.address,
        f.sale.jobId,
        f.modelHash,
        f.stranger.account.address,
        0,
        1n,
      ] as const
      const implementation = await viem.getContractAt(
        'InferenceFeed',
        await f.factory.read.feedImplementation(),
      )
      await viem.assertions.revertWithCustomError(
        implementation.write.initialize(args, { account: f.stranger.account }),
        implementation,
        'InvalidInitialization',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.initialize(args, { account: f.stranger.account }),
        f.feed,
        'InvalidInitialization',
      )
      assert.equal(getAddress(await f.feed.read.owner()), getAddress(f.customer.account.address))
      assert.equal(getAddress(await f.feed.read.factory()), getAddress(f.factory.address))
    })

    it('only the owner sets the price or closes the feed; an open request keeps its price and fee', async () => {
      const f = await load()
      for (const call of [
        () => f.feed.write.setPrice([1n], { account: f.stranger.account }),
        () => f.feed.write.setAcceptingRequests([false], { account: f.vendor.account }),
      ]) {
        await viem.assertions.revertWithCustomError(call(), f.feed, 'NotFeedOwner')
      }
      await viem.assertions.revertWithCustomError(
        f.feed.write.setPrice([0n], { account: f.customer.account }),
        f.feed,
        'ZeroPrice',
      )
      const r = await request(f, [1, 2], 'before')
      // The owner and the protocol change their terms after the request opened.
      await f.feed.write.setPrice([PRICE_PER_PREDICTION * 100n], { account: f.customer.account })
      await f.factory.write.setProtocolFee([1_000], { account: f.owner.account })
      // A consumer who quoted the old price is protected by maxPrice.
      const oldPrice = PRICE_PER_PREDICTION * 2n
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([r.inputsHash, 2, oldPrice], {
          account: f.consumer.account,
          value: oldPrice,
        }),
        f.feed,
        'SlippageExceeded',
      )
      await f.feed.write.settle(await settleArgs(f, r.requestId, r.journal, r.predictions))
      const fee = (r.price * BigInt(FEE_BPS) + 9_999n) / 10_000n
      const royalty = (r.price * BigInt(ROYALTY_BPS)) / 10_000n
      assert.equal(await f.feed.read.balances([f.customer.account.address]), r.price - fee - royalty)
      assert.equal(await f.feed.read.balances([f.feeRecipient.account.address]), fee)

      const open = await request(f, [3], 'open while closing')
      await f.feed.write.setAcceptingRequests([false], { account: f.customer.account })
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([r.inputsHash, 1, 10n ** 30n], {
          account: f.consumer.account,
          value: 10n ** 18n,
        }),
        f.feed,
        'FeedClosed',
      )
      // Closing does not strand open requests: they still settle.
      await f.feed.write.settle(await settleArgs(f, open.requestId, open.journal, open.predictions))
      assert.equal((await f.feed.read.getRequest([open.requestId])).status, STATUS.Settled)
    })
  })

  describe('escrow', () => {
    it('pays: owner, royalty and fee credited; predictions stored and readable by request id', async () => {
      const f = await load()
      const labels = [1, 0, 2, 513]
      const r = await request(f, labels)
      assert.equal(r.price, PRICE_PER_PREDICTION * 4n)
      await f.feed.write.settle(await settleArgs(f, r.requestId, r.journal, r.predictions))
      const fee = (r.price * BigInt(FEE_BPS) + 9_999n) / 10_000n
      const royalty = (r.price * BigInt(ROYALTY_BPS)) / 10_000n
      assert.equal(await f.feed.read.balances([f.customer.account.address]), r.price - fee - royalty)
      assert.equal(await f.feed.read.balances([f.vendor.account.address]), royalty)
      assert.equal(await f.feed.read.balances([f.feeRecipient.account.address]), fee)
      assert.equal((await f.feed.read.getRequest([r.requestId])).status, STATUS.Settled)
      assert.equal(await f.feed.read.predictionsOf([r.requestId]), r.predictions)
      for (const [i, label] of labels.entries()) {
        assert.equal(await f.feed.read.predictionAt([r.requestId, BigInt(i)]), label)
      }
      await viem.assertions.revertWithCustomError(
        f.feed.read.predictionAt([r.requestId, 4n]),
        f.feed,
        'PredictionIndexOutOfRange',
      )
      // Everyone withdraws; the feed ends empty.
      for (const who of [f.customer, f.vendor, f.feeRecipient])
        await f.feed.write.withdraw({ account: who.account })
      assert.equal(await f.publicClient.getBalance({ address: f.feed.address }), 0n)
    })

    it('refunds an unprovable request by the operator only, and lets the customer reclaim after the deadline', async () => {
      const f = await load()
      const a = await request(f, [1], 'a')
      await viem.assertions.revertWithCustomError(
        f.feed.write.refundUnprovable([a.requestId, UNPROVABLE_REASON.PROVER_FAILED], {
          account: f.consumer.account,
        }),
        f.feed,
        'NotOperator',
      )
      await f.feed.write.refundUnprovable([a.requestId, UNPROVABLE_REASON.PROVER_FAILED], {
        account: f.operator.account,
      })
      assert.equal(await f.feed.read.balances([f.consumer.account.address]), a.price)
      assert.equal((await f.feed.read.getRequest([a.requestId])).status, STATUS.Unprovable)
      await viem.assertions.revertWithCustomError(
        f.feed.read.predictionAt([a.requestId, 0n]),
        f.feed,
        'PredictionsNotSettled',
      )
      // A refunded request can no longer be settled, even with a genuine proof.
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(await settleArgs(f, a.requestId, a.journal, a.predictions)),
        f.feed,
        'JobNotOpen',
      )

      const b = await request(f, [0, 1], 'b')
      const { deadline } = await f.feed.read.getRequest([b.requestId])
      await viem.assertions.revertWithCustomError(
        f.feed.write.reclaim([b.requestId], { account: f.consumer.account }),
        f.feed,
        'DeadlineNotReached',
      )
      await networkHelpers.time.increaseTo(deadline)
      await f.feed.write.reclaim([b.requestId], { account: f.consumer.account })
      assert.equal((await f.feed.read.getRequest([b.requestId])).status, STATUS.Reclaimed)
      assert.equal(await f.publicClient.getBalance({ address: f.feed.address }), a.price)
    })

    it('escrows exactly count × price, refunds excess, and refuses bad counts, empty inputs, slippage and underpayment', async () => {
      const f = await load()
      const inputs = keccak256(toHex('x'))
      const price = PRICE_PER_PREDICTION * 2n
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([inputs, 0, price], { account: f.consumer.account, value: price }),
        f.feed,
        'CountOutOfRange',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([inputs, 513, 10n ** 30n], {
          account: f.consumer.account,
          value: price,
        }),
        f.feed,
        'CountOutOfRange',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([`0x${'0'.repeat(64)}`, 2, price], {
          account: f.consumer.account,
          value: price,
        }),
        f.feed,
        'EmptyInputsHash',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([inputs, 2, price - 1n], {
          account: f.consumer.account,
          value: price,
        }),
        f.feed,
        'SlippageExceeded',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.requestPredictions([inputs, 2, price], {
          account: f.consumer.account,
          value: price - 1n,
        }),
        f.feed,
        'InsufficientPayment',
      )
      await viem.assertions.balancesHaveChanged(
        f.feed.write.requestPredictions([inputs, 2, price], {
          account: f.consumer.account,
          value: price + 5n,
        }),
        [
          { address: f.consumer.account.address, amount: -price },
          { address: f.feed.address, amount: price },
        ],
      )
    })
  })

  describe('attacks, each with a genuinely attested journal', () => {
    it('a changed prediction, another model, another request, other inputs or count, and a replayed journal', async () => {
      const f = await load()
      const r = await request(f, [1, 0, 1], 'target')
      const other = await request(f, [1, 0, 1], 'other')
      const predictionsHash = sha256Hex(r.predictions)
      const base = {
        requestId: r.requestId,
        modelHash: f.modelHash,
        inputsHash: r.inputsHash,
        count: 3,
        predictionsHash,
      }

      // A changed prediction: the journal is genuine, the predictions handed to settle are not.
      const changed = encodePredictions([1, 1, 1])
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.feed.write.settle(await settleArgs(f, r.requestId, r.journal, changed)),
        f.feed,
        'PredictionsMismatch',
        [sha256Hex(changed), predictionsHash],
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(await settleArgs(f, r.requestId, r.journal, `${r.predictions}00`)),
        f.feed,
        'PredictionsLengthInvalid',
      )
      // Another model's proven predictions.
      const otherModel = keccak256(toHex('another model'))
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.feed.write.settle(
          await settleArgs(
            f,
            r.requestId,
            inferenceJournal({ ...base, modelHash: otherModel }),
            r.predictions,
          ),
        ),
        f.feed,
        'ModelMismatch',
        [f.modelHash, otherModel],
      )
      // Another request's journal (same model, same inputs).
      await viem.assertions.revertWithCustomErrorWithArgs(
        f.feed.write.settle(await settleArgs(f, r.requestId, other.journal, other.predictions)),
        f.feed,
        'RequestMismatch',
        [r.requestId, other.requestId],
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(
          await settleArgs(
            f,
            r.requestId,
            inferenceJournal({ ...base, inputsHash: other.inputsHash }),
            r.predictions,
          ),
        ),
        f.feed,
        'InputsMismatch',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(
          await settleArgs(
            f,
            r.requestId,
            inferenceJournal({ ...base, count: 2, predictionsHash: sha256Hex(encodePredictions([1, 0])) }),
            encodePredictions([1, 0]),
          ),
        ),
        f.feed,
        'CountMismatch',
      )
      // Malformed journals: a format-1 journal, another format word.
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(
          await settleArgs(f, r.requestId, inferenceJournal({ ...base, format: 1 }), r.predictions),
        ),
        f.feed,
        'InferenceJournalFormatUnsupported',
      )
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle(await settleArgs(f, r.requestId, `${r.journal}00`, r.predictions)),
        f.feed,
        'InferenceJournalLengthInvalid',
      )
      // An unattested journal.
      const [, , , proof] = await attest(f as unknown as VeritreeFixture, r.requestId, other.journal)
      await viem.assertions.revertWithCustomError(
        f.feed.write.settle([r.requestId, r.journal, r.predictions, proof]),
        f.feed,
        'ProofNotVerified',
      )
      assert.equal((await f.feed.read.getRequest([r.requestId])).status, STATUS.Open)
      assert.equal(await f.feed.read.balances([f.customer.account.address]), 0n)

      // The genuine settlement, then its replay.
      const args = await settleArgs(f, r.requestId, r.journal, r.predictions)
      await f.feed.write.settle(args)
      await viem.assertions.revertWithCustomErrorWithArgs(f.feed.write.settle(args), f.feed, 'JobNotOpen', [
        r.requestId,
        STATUS.Settled,
      ])
      // The market's jobs and the feed's requests never share ids: the journal settles nothing there.
      await viem.assertions.revertWithCustomError(
        f.market.write.settle([r.requestId, r.journal, f.sale.terms.modelSalt, args[3]]),
        f.market,
        'JobNotOpen',
      )
    })
  })

  describe('attacks across feeds and before payment', () => {
    it('a journal proven for one feed settles nothing on another feed of the same model', async () => {
      const f = await load()
      // A second sale of the very same model (same hash) on the same market, listed as a second feed.
      const twin = await openJob(f, f.market, newTerms(8_000, { modelHash: f.modelHash }))
      await f.market.write.settle(await attest(f, twin.jobId, journalFor(twin.jobId, twin.terms)))
      await f.factory.write.createFeed([f.market.address, twin.jobId, PRICE_PER_PREDICTION], {
        account: f.customer.account,
      })
      const feedB = await viem.getContractAt(
        'InferenceFeed',
        await f.factory.read.feedOf([f.market.address, twin.jobId]),
      )
      assert.notEqual(getAddress(feedB.address), getAddress(f.feed.address))
      assert.equal(await feedB.read.modelHash(), f.modelHash)

      const a = await request(f, [1, 0], 'same rows')
      const b = await request({ ...f, feed: feedB }, [1, 0], 'same rows')
      // Same model, same inputs, same count, same nonce on each feed: only the request id differs.
      assert.equal(b.inputsHash, a.inputsHash)
      assert.notEqual(b.requestId, a.requestId)
      // A's attested journal (and its predictions) handed to B's request.
      await viem.assertions.revertWithCustomErrorWithArgs(
        feedB.write.settle(await settleArgs(f, b.requestId, a.journal, a.predictions)),
        feedB,
        'RequestMismatch',
        [b.requestId, a.requestId],
      )
      // A's settlement replayed verbatim on B: A's request does not exist there.
      const argsA = await settleArgs(f, a.requestId, a.journal, a.predictions)
      await viem.assertions.revertWithCustomErrorWithArgs(feedB.write.settle(argsA), feedB, 'JobNotOpen', [
        a.requestId,
        STATUS.None,
      ])
      await f.feed.write.settle(argsA)
      assert.equal((await feedB.read.getRequest([b.requestId])).status, STATUS.Open)
      assert.equal(await feedB.read.balances([f.customer.account.address]), 0n)
    })

    it('predictions cannot be read before the request is paid for and settled', async () => {
      const f = await load()
      const r = await request(f, [2, 1], 'unpaid')
      const unknown = keccak256(toHex('never requested'))
      for (const [id, status] of [
        [r.requestId, STATUS.Open],
        [unknown, STATUS.None],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.feed.read.predictionsOf([id]),
          f.feed,
          'PredictionsNotSettled',
          [id, status],
        )
        await viem.assertions.revertWithCustomErrorWithArgs(
          f.feed.read.predictionAt([id, 0n]),
          f.feed,
          'PredictionsNotSettled',
          [id, status],
        )
      }
      // Nor after a proof of failure to deliver: reclaimed after the deadline.
      await networkHelpers.time.increaseTo((await f.feed.read.getRequest([r.requestId])).deadline)
      await f.feed.write.reclaim([r.requestId], { account: f.consumer.account })
      await viem.assertions.revertWithCustomError(
        f.feed.read.predictionsOf([r.requestId]),
        f.feed,
        'PredictionsNotSettled',
      )
      // Only the customer reclaims, once.
      const s = await request(f, [2], 'someone else')
      await networkHelpers.time.increaseTo((await f.feed.read.getRequest([s.requestId])).deadline)
      for (const who of [f.customer, f.vendor, f.operator]) {
        await viem.assertions.revertWithCustomError(
          f.feed.write.reclaim([s.requestId], { account: who.account }),
          f.feed,
          'NotJobCustomer',
        )
      }
      await viem.assertions.revertWithCustomError(
        f.feed.write.reclaim([r.requestId], { account: f.consumer.account }),
        f.feed,
        'JobNotOpen',
      )
    })
  })

  describe('a consumer contract', () => {
    it('ProvenLoanDesk approves or declines from a proven prediction, and refuses other inputs, models or feeds', async () => {
      const f = await load()
      const desk = await viem.deployContract('ProvenLoanDesk', [f.factory.address, f.modelHash])
      const approve = await request(f, [1], 'alice')
      const decline = await request(f, [0], 'bob')
      // Not settled yet: no decision can be made.
      await viem.assertions.revertWithCustomError(
        desk.write.decide([f.feed.address, approve.requestId, approve.inputsHash]),
        f.feed,
        'PredictionsNotSettled',
      )
      for (const r of [approve, decline]) {
        await f.feed.write.settle(await settleArgs(f, r.requestId, r.journal, r.predictions))
      }
      // Alice cannot use Bob's request, nor Bob Alice's favourable one.
      await viem.assertions.revertWithCustomError(
        desk.write.decide([f.feed.address, approve.requestId, decline.inputsHash]),
        desk,
        'NotThisApplication',
      )
      await desk.write.decide([f.feed.address, approve.requestId, approve.inputsHash])
      await desk.write.decide([f.feed.address, decline.requestId, decline.inputsHash])
      assert.equal(await desk.read.approved([approve.inputsHash]), true)
      assert.equal(await desk.read.approved([decline.inputsHash]), false)
      await viem.assertions.revertWithCustomError(
        desk.write.decide([f.feed.address, approve.requestId, approve.inputsHash]),
        desk,
        'AlreadyDecided',
      )
      // A feed the factory did not make (here the unlistable implementation) is refused.
      const impostor = await viem.getContractAt('InferenceFeed', await f.factory.read.feedImplementation())
      await viem.assertions.revertWithCustomErrorWithArgs(
        desk.write.decide([impostor.address, approve.requestId, keccak256(toHex('carol'))]),
        desk,
        'UntrustedFeed',
        [getAddress(impostor.address)],
      )
      // A desk that trusts another model refuses this feed.
      const picky = await viem.deployContract('ProvenLoanDesk', [
        f.factory.address,
        keccak256(toHex('other')),
      ])
      await viem.assertions.revertWithCustomError(
        picky.write.decide([f.feed.address, approve.requestId, approve.inputsHash]),
        picky,
        'UntrustedModel',
      )
    })
  })
})
