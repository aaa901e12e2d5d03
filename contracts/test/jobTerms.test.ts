/**
 * `@veritree/contracts/job-terms` against the contract: UNPROVABLE_REASON equals the market's
 * UNPROVABLE_* constants (and 1..5 is exactly what refundUnprovable accepts), JOURNAL_FORMAT names
 * exactly the formats openJob accepts, and modelCommitment is the commitment settle opens.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { network } from 'hardhat'
import { encodePacked, type Hex, keccak256, toHex } from 'viem'
import { JOURNAL_FORMAT, modelCommitment, UNPROVABLE_REASON } from '../src-ts/job-terms.ts'
import { attest, journalFor } from './helpers/attest.ts'
import { newTerms, onChainTerms, openJob, veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

describe('@veritree/contracts/job-terms', () => {
  it('UNPROVABLE_REASON equals the contract constants, and names every accepted reason', async () => {
    const { market } = await load()
    const onChain = {
      TEST_SET_TOO_LARGE: await market.read.UNPROVABLE_TEST_SET_TOO_LARGE(),
      MODEL_MISMATCH: await market.read.UNPROVABLE_MODEL_MISMATCH(),
      VERIFIER_MISMATCH: await market.read.UNPROVABLE_VERIFIER_MISMATCH(),
      TERMS_MISMATCH: await market.read.UNPROVABLE_TERMS_MISMATCH(),
      PROVER_FAILED: await market.read.UNPROVABLE_PROVER_FAILED(),
    }
    assert.deepEqual(onChain, UNPROVABLE_REASON)
    assert.deepEqual(
      Object.values(UNPROVABLE_REASON).sort((a, b) => a - b),
      [1, 2, 3, 4, 5],
    )
  })

  it('JOURNAL_FORMAT names exactly the formats openJob accepts, and each is recorded in the job', async () => {
    const f = await load()
    assert.deepEqual(JOURNAL_FORMAT, { ACCURACY: 1, TRAINING: 2 })
    for (const journalFormat of Object.values(JOURNAL_FORMAT)) {
      const { jobId } = await openJob(f, f.market, newTerms(8_000, { journalFormat }))
      assert.equal((await f.market.read.getJob([jobId])).journalFormat, journalFormat)
    }
    // Every other uint8 is refused (the escrow tests check the error for 0, 3 and 255).
    const price = await f.market.read.price()
    for (const journalFormat of [0, 3]) {
      await assert.rejects(
        f.market.write.openJob([{ ...onChainTerms(newTerms()), journalFormat } as never, price], {
          account: f.customer.account,
          value: price,
        }),
      )
    }
  })

  it('modelCommitment is keccak256(modelHash ‖ salt), the value settle opens', async () => {
    const f = await load()
    const modelHash = keccak256(toHex('a model'))
    const salt = keccak256(toHex('a salt'))
    assert.equal(
      modelCommitment(modelHash, salt),
      keccak256(encodePacked(['bytes32', 'bytes32'], [modelHash, salt])),
    )
    assert.equal(modelCommitment(modelHash, salt), keccak256(`${modelHash}${salt.slice(2)}` as Hex))
    assert.notEqual(modelCommitment(modelHash, salt), modelCommitment(salt, modelHash))
    // A job opened with it settles with that model and salt.
    const terms = newTerms(8_000, { modelHash, modelSalt: salt })
    assert.equal(terms.modelCommitment, modelCommitment(modelHash, salt))
    const { jobId } = await openJob(f, f.market, terms)
    await f.market.write.settle(await attest(f, jobId, journalFor(jobId, terms), { modelSalt: salt }))
    assert.equal((await f.market.read.getJob([jobId])).modelHash, modelHash)
  })

  it('modelCommitment rejects anything but two 32-byte hex strings', () => {
    const ok = keccak256('0x01')
    for (const bad of ['0x1234', 'not hex', `${ok}00`, '']) {
      assert.throws(() => modelCommitment(bad as Hex, ok), /modelHash must be 32 bytes/)
      assert.throws(() => modelCommitment(ok, bad as Hex), /salt must be 32 bytes/)
    }
  })
})
