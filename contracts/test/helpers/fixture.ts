/**
 * The shared starting state of the contract tests: everything deployed by the project's own
 * `deployVeritree` (so the deploy module is exercised too) and one dataset on the demo linear curve.
 */
import type { NetworkConnection } from 'hardhat/types/network'
import { type Address, concat, type Hex, keccak256, parseEventLogs, toHex } from 'viem'
import { type Curve, demoLinearCurve } from '../../deploy/curves.ts'
import { deployVeritree } from '../../deploy/deployLocal.ts'
import { JOURNAL_FORMAT, type JobTerms, modelCommitment } from '../../src-ts/job-terms.ts'

export const IMAGE_ID: Hex = keccak256(toHex('veritree guest image (test)'))
export const DOMAIN_ID = 7n
export const FEE_BPS = 250
export const JOB_TIMEOUT = 86_400n
export const COMMITMENT: Hex = keccak256(toHex('dataset commitment (test)'))
export const METADATA_URI = 'ipfs://veritree-test-dataset'

/** Deploys the protocol and creates one dataset; pass to `networkHelpers.loadFixture`. */
export async function veritreeFixture(connection: NetworkConnection) {
  const { viem } = connection
  const publicClient = await viem.getPublicClient()
  const [owner, vendor, customer, feeRecipient, stranger, operator] = await viem.getWalletClients()
  const deployment = await deployVeritree({
    walletClient: owner,
    publicClient,
    imageId: IMAGE_ID,
    domainId: DOMAIN_ID,
    feeBps: FEE_BPS,
    feeRecipient: feeRecipient.account.address,
    jobTimeout: JOB_TIMEOUT,
    operator: operator.account.address,
  })
  const factory = await viem.getContractAt('DatasetFactory', deployment.factory)
  const zkVerify = await viem.getContractAt('ZkVerifyAggregation', deployment.zkVerify)
  const market = await createMarket(
    connection,
    factory.address,
    vendor.account.address,
    COMMITMENT,
    demoLinearCurve,
  )
  return {
    publicClient,
    owner,
    vendor,
    customer,
    feeRecipient,
    stranger,
    operator,
    deployment,
    factory,
    zkVerify,
    market,
  }
}

export type { JobTerms }
export type VeritreeFixture = Awaited<ReturnType<typeof veritreeFixture>>

/** `vendor` registers a dataset; returns its market. */
export async function createMarket(
  { viem }: NetworkConnection,
  factoryAddress: Address,
  vendor: Address,
  commitment: Hex,
  curve: Curve,
) {
  const publicClient = await viem.getPublicClient()
  const factory = await viem.getContractAt('DatasetFactory', factoryAddress)
  const hash = await factory.write.createDataset([commitment, curve, METADATA_URI], { account: vendor })
  await publicClient.waitForTransactionReceipt({ hash })
  return viem.getContractAt('DatasetMarket', await factory.read.marketOf([vendor, commitment]))
}

/** The id of the job opened by transaction `hash`, from its JobOpened event. */
export async function jobIdFrom(
  f: Pick<VeritreeFixture, 'publicClient' | 'market'>,
  hash: Hex,
): Promise<Hex> {
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash })
  const [opened] = parseEventLogs({ abi: f.market.abi, logs: receipt.logs, eventName: 'JobOpened' })
  if (!opened) throw new Error(`transaction ${hash} opened no job`)
  return opened.args.jobId
}

/** Job terms plus the secrets the backend keeps until settle (the quoted model and its salt). */
export interface TestTerms extends JobTerms {
  modelHash: Hex
  modelSalt: Hex
}

/** The salt the tests use for a model: derived, so `attest` can find it from the journal alone. */
export function testSalt(modelHash: Hex): Hex {
  return keccak256(concat([modelHash, toHex('salt')]))
}

/** The on-chain part of test terms, as `openJob` takes it. */
export function onChainTerms(t: TestTerms): JobTerms {
  return {
    testSetHash: t.testSetHash,
    paramsHash: t.paramsHash,
    modelCommitment: t.modelCommitment,
    quoteId: t.quoteId,
    quoteExpiresAt: t.quoteExpiresAt,
    thresholdBps: t.thresholdBps,
    journalFormat: t.journalFormat,
  }
}

let termsCounter = 0

/** A quote expiry far in the future, so tests that move time never hit it by accident. */
export const FAR_FUTURE = 2n ** 63n

/** Fresh, distinct job terms for a fresh model. */
export function newTerms(thresholdBps = 8_000, overrides: Partial<TestTerms> = {}): TestTerms {
  termsCounter += 1
  const modelHash = overrides.modelHash ?? keccak256(toHex(`model ${termsCounter}`))
  const modelSalt = overrides.modelSalt ?? testSalt(modelHash)
  return {
    testSetHash: keccak256(toHex(`test set ${termsCounter}`)),
    paramsHash: keccak256(toHex(`params ${termsCounter}`)),
    modelCommitment: modelCommitment(modelHash, modelSalt),
    quoteId: keccak256(toHex(`quote ${termsCounter}`)),
    quoteExpiresAt: FAR_FUTURE,
    thresholdBps,
    journalFormat: JOURNAL_FORMAT.ACCURACY,
    modelHash,
    modelSalt,
    ...overrides,
  }
}

/** The customer opens a job at the current price on `market`; returns its id and price. */
export async function openJob(
  f: Pick<VeritreeFixture, 'publicClient' | 'customer'>,
  market: VeritreeFixture['market'],
  terms: TestTerms = newTerms(),
): Promise<{ jobId: Hex; price: bigint; terms: TestTerms }> {
  const price = await market.read.price()
  const hash = await market.write.openJob([onChainTerms(terms), price], {
    account: f.customer.account,
    value: price,
  })
  return { jobId: await jobIdFrom({ publicClient: f.publicClient, market }, hash), price, terms }
}
