import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { network } from 'hardhat'
import {
  type Address,
  encodeAbiParameters,
  getAddress,
  getContractAddress,
  type Hex,
  keccak256,
  parseEventLogs,
  toHex,
  zeroAddress,
  zeroHash,
} from 'viem'
import { demoExponentialCurve, demoLinearCurve } from '../deploy/curves.ts'
import { deployVeritree } from '../deploy/deployLocal.ts'
import {
  COMMITMENT,
  DOMAIN_ID,
  FEE_BPS,
  IMAGE_ID,
  JOB_TIMEOUT,
  METADATA_URI,
  veritreeFixture,
} from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

/** EIP-1167 creation code of a clone of `implementation`, as OpenZeppelin's Clones deploys it. */
const cloneInitCode = (implementation: Address): Hex =>
  `0x3d602d80600a3d3981f3363d3d373d3d3d363d73${implementation.slice(2).toLowerCase()}5af43d82803e903d91602b57fd5bf3`

describe('DatasetFactory', () => {
  describe('deployment', () => {
    it('holds the settings deployVeritree was given', async () => {
      const { factory, zkVerify, deployment, owner, feeRecipient, operator } = await load()
      assert.equal(await factory.read.owner(), getAddress(owner.account.address))
      assert.equal(await factory.read.protocolFeeBps(), FEE_BPS)
      assert.equal(await factory.read.feeRecipient(), getAddress(feeRecipient.account.address))
      assert.equal(await factory.read.currentVerifierId(), 1)
      assert.deepEqual(await factory.read.verifierConfig([1]), {
        imageId: IMAGE_ID,
        zkVerify: getAddress(zkVerify.address),
        domainId: DOMAIN_ID,
      })
      assert.equal(await factory.read.operator(), getAddress(operator.account.address))
      assert.equal(await factory.read.MIN_JOB_TIMEOUT(), 6n * 3_600n)
      assert.equal(await factory.read.jobTimeout(), JOB_TIMEOUT)
      assert.equal(await factory.read.marketImplementation(), getAddress(deployment.marketImplementation))
    })

    it('rejects bad parameters in deployVeritree before sending any transaction', async () => {
      const { owner, publicClient } = await load()
      const nonce = await publicClient.getTransactionCount({ address: owner.account.address })
      const base = { walletClient: owner, publicClient, imageId: IMAGE_ID }
      await assert.rejects(
        deployVeritree({ ...base, imageId: zeroHash }),
        /imageId must be a non-zero 32-byte/,
      )
      await assert.rejects(
        deployVeritree({ ...base, imageId: '0x1234' }),
        /imageId must be a non-zero 32-byte/,
      )
      await assert.rejects(
        deployVeritree({ ...base, feeBps: 1_001 }),
        /feeBps must be an integer from 0 to 1000/,
      )
      await assert.rejects(
        deployVeritree({ ...base, jobTimeout: 60n }),
        /jobTimeout must be 21600 to 2592000/,
      )
      assert.equal(await publicClient.getTransactionCount({ address: owner.account.address }), nonce)
    })

    it('rejects a zero implementation, a fee above 10% and an out-of-range timeout in the constructor', async () => {
      const { factory, deployment, owner } = await load()
      const config = {
        protocolFeeBps: 0,
        feeRecipient: owner.account.address,
        verifier: { imageId: IMAGE_ID, zkVerify: deployment.zkVerify, domainId: 0n },
        operator: owner.account.address,
        jobTimeout: JOB_TIMEOUT,
      }
      const deploy = (impl: `0x${string}`, c: typeof config) =>
        viem.deployContract('DatasetFactory', [owner.account.address, impl, c])
      await viem.assertions.revertWithCustomError(deploy(zeroAddress, config), factory, 'ZeroAddress')
      await viem.assertions.revertWithCustomError(
        deploy(deployment.marketImplementation, { ...config, operator: zeroAddress }),
        factory,
        'ZeroAddress',
      )
      await viem.assertions.revertWithCustomError(
        deploy(deployment.marketImplementation, {
          ...config,
          verifier: { ...config.verifier, imageId: zeroHash },
        }),
        factory,
        'ZeroImageId',
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy(deployment.marketImplementation, { ...config, protocolFeeBps: 1_001 }),
        factory,
        'FeeTooHigh',
        [1_001n, 1_000n],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        deploy(deployment.marketImplementation, { ...config, jobTimeout: 31n * 86_400n }),
        factory,
        'JobTimeoutOutOfRange',
        [31n * 86_400n, 21_600n, 30n * 86_400n],
      )
    })
  })

  describe('createDataset', () => {
    it('deploys a clone owned by the vendor, registers it and emits DatasetCreated', async () => {
      const { factory, market, vendor, publicClient } = await load()
      assert.equal(await factory.read.datasetCount(), 1n)
      assert.equal(await factory.read.datasetAt([0n]), getAddress(market.address))
      assert.equal(
        await factory.read.predictMarket([vendor.account.address, COMMITMENT]),
        getAddress(market.address),
      )
      assert.equal(
        await factory.read.marketOf([vendor.account.address, COMMITMENT]),
        getAddress(market.address),
      )

      assert.equal(await market.read.vendor(), getAddress(vendor.account.address))
      assert.equal(await market.read.owner(), getAddress(vendor.account.address))
      assert.equal(await market.read.factory(), getAddress(factory.address))
      assert.equal(await market.read.commitment(), COMMITMENT)
      assert.equal(await market.read.metadataURI(), METADATA_URI)
      assert.equal(await market.read.acceptingJobs(), true)
      assert.equal(await market.read.sales(), 0n)
      assert.deepEqual(await market.read.curve(), demoLinearCurve)
      assert.equal(await market.read.price(), demoLinearCurve.basePrice)

      // An EIP-1167 clone is 45 bytes of runtime code that embed the implementation's address.
      const code = await publicClient.getCode({ address: market.address })
      const implementation = (await factory.read.marketImplementation()).slice(2).toLowerCase()
      assert.equal(code, `0x363d3d373d3d3d363d73${implementation}5af43d82803e903d91602b57fd5bf3`)

      const commitment = keccak256(toHex('second dataset'))
      const predicted = await factory.read.predictMarket([vendor.account.address, commitment])
      const hash = await factory.write.createDataset([commitment, demoExponentialCurve, 'ipfs://two'], {
        account: vendor.account,
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      const [created] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: 'DatasetCreated' })
      assert.deepEqual(created.args, {
        datasetId: 1n,
        vendor: getAddress(vendor.account.address),
        market: predicted,
        commitment,
        metadataURI: 'ipfs://two',
      })
      assert.equal(await factory.read.marketOf([vendor.account.address, commitment]), predicted)
      assert.equal(await factory.read.datasetCount(), 2n)
    })

    it('salts the clone with keccak256(abi.encode(vendor, commitment))', async () => {
      const { factory, market, vendor } = await load()
      const salt = keccak256(
        encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [vendor.account.address, COMMITMENT]),
      )
      const expected = getContractAddress({
        opcode: 'CREATE2',
        from: factory.address,
        salt,
        bytecode: cloneInitCode(await factory.read.marketImplementation()),
      })
      assert.equal(expected, getAddress(market.address))
    })

    it('does not let a stranger who registers a copied commitment first block its vendor', async () => {
      const { factory, vendor, stranger, publicClient } = await load()
      // The vendor's createDataset is pending; the stranger copies its commitment and gets in first.
      const commitment = keccak256(toHex('front-run dataset'))
      const vendorPrediction = await factory.read.predictMarket([vendor.account.address, commitment])
      const strangerPrediction = await factory.read.predictMarket([stranger.account.address, commitment])
      assert.notEqual(vendorPrediction, strangerPrediction)

      const created = async (account: typeof vendor.account) => {
        const hash = await factory.write.createDataset([commitment, demoLinearCurve, 'ipfs://copy'], {
          account,
        })
        const receipt = await publicClient.waitForTransactionReceipt({ hash })
        const [event] = parseEventLogs({ abi: factory.abi, logs: receipt.logs, eventName: 'DatasetCreated' })
        return event.args
      }
      const squat = await created(stranger.account)
      assert.equal(squat.vendor, getAddress(stranger.account.address))
      assert.equal(squat.market, strangerPrediction)
      assert.equal(await factory.read.marketOf([vendor.account.address, commitment]), zeroAddress)

      const own = await created(vendor.account)
      assert.deepEqual(own, {
        datasetId: 2n,
        vendor: getAddress(vendor.account.address),
        market: vendorPrediction,
        commitment,
        metadataURI: 'ipfs://copy',
      })
      assert.equal(await factory.read.marketOf([vendor.account.address, commitment]), vendorPrediction)
      assert.equal(await factory.read.marketOf([stranger.account.address, commitment]), strangerPrediction)
      const vendorMarket = await viem.getContractAt('DatasetMarket', vendorPrediction)
      assert.equal(await vendorMarket.read.vendor(), getAddress(vendor.account.address))
      assert.equal(await vendorMarket.read.commitment(), commitment)
      assert.equal(await factory.read.datasetCount(), 3n)
    })

    it('rejects the same vendor registering the same commitment twice, registering nothing', async () => {
      const { factory, market, vendor } = await load()
      await viem.assertions.revertWithCustomErrorWithArgs(
        factory.write.createDataset([COMMITMENT, demoExponentialCurve, 'ipfs://again'], {
          account: vendor.account,
        }),
        factory,
        'DatasetAlreadyRegistered',
        [getAddress(vendor.account.address), COMMITMENT, getAddress(market.address)],
      )
      assert.equal(await factory.read.datasetCount(), 1n)
      assert.equal(
        await factory.read.marketOf([vendor.account.address, COMMITMENT]),
        getAddress(market.address),
      )
      assert.equal(await market.read.metadataURI(), METADATA_URI)
    })

    it('rejects a zero commitment and an invalid curve, registering nothing', async () => {
      const { factory, stranger } = await load()
      const create = (commitment: `0x${string}`, curve = demoLinearCurve) =>
        factory.write.createDataset([commitment, curve, 'ipfs://x'], { account: stranger.account })
      await viem.assertions.revertWithCustomError(create(zeroHash), factory, 'ZeroCommitment')
      const fresh = keccak256(toHex('fresh'))
      await viem.assertions.revertWithCustomError(
        create(fresh, { ...demoLinearCurve, basePrice: 0n }),
        factory,
        'ZeroBasePrice',
      )
      await viem.assertions.revertWithCustomError(
        create(fresh, { ...demoLinearCurve, step: 0n }),
        factory,
        'ZeroStep',
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        create(fresh, { ...demoLinearCurve, kind: 2 }),
        factory,
        'UnknownCurveKind',
        [2],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        create(fresh, { ...demoExponentialCurve, step: 10n ** 18n }),
        factory,
        'GrowthOutOfRange',
        [10n ** 18n, 1_000_100_000_000_000_000n, 2n * 10n ** 18n],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        create(fresh, { ...demoExponentialCurve, step: 2n * 10n ** 18n + 1n }),
        factory,
        'GrowthOutOfRange',
        [2n * 10n ** 18n + 1n, 1_000_100_000_000_000_000n, 2n * 10n ** 18n],
      )
      assert.equal(await factory.read.datasetCount(), 1n)
      assert.equal(await factory.read.marketOf([stranger.account.address, fresh]), zeroAddress)
      await viem.assertions.revertWithCustomErrorWithArgs(
        factory.read.datasetAt([1n]),
        factory,
        'DatasetIndexOutOfRange',
        [1n, 1n],
      )
    })

    it('locks the implementation and every clone against a second initialisation', async () => {
      const { deployment, market, stranger } = await load()
      const implementation = await viem.getContractAt('DatasetMarket', deployment.marketImplementation)
      for (const target of [implementation, market]) {
        await viem.assertions.revertWithCustomError(
          target.write.initialize([stranger.account.address, COMMITMENT, demoLinearCurve, 'x', 0], {
            account: stranger.account,
          }),
          market,
          'InvalidInitialization',
        )
      }
      assert.equal(await implementation.read.vendor(), zeroAddress)
    })
  })

  describe('owner settings', () => {
    it('lets only the owner change each setting, within bounds, with an event', async () => {
      const { factory, owner, stranger } = await load()
      const asOwner = { account: owner.account }
      await viem.assertions.emitWithArgs(
        factory.write.setProtocolFee([1_000], asOwner),
        factory,
        'ProtocolFeeUpdated',
        [1_000],
      )
      await viem.assertions.emitWithArgs(
        factory.write.setFeeRecipient([stranger.account.address], asOwner),
        factory,
        'FeeRecipientUpdated',
        [getAddress(stranger.account.address)],
      )
      const v2 = {
        imageId: keccak256(toHex('guest v2')),
        zkVerify: getAddress(stranger.account.address),
        domainId: 42n,
      }
      await viem.assertions.emitWithArgs(
        factory.write.setVerifierConfig([v2], asOwner),
        factory,
        'VerifierConfigAdded',
        [2, v2],
      )
      await viem.assertions.emitWithArgs(
        factory.write.setOperator([stranger.account.address], asOwner),
        factory,
        'OperatorUpdated',
        [getAddress(stranger.account.address)],
      )
      await viem.assertions.emitWithArgs(
        factory.write.setJobTimeout([21_600n], asOwner),
        factory,
        'JobTimeoutUpdated',
        [21_600n],
      )
      assert.equal(await factory.read.protocolFeeBps(), 1_000)
      // Appended, not edited: config 1 is still there for the jobs that recorded it.
      assert.equal(await factory.read.currentVerifierId(), 2)
      assert.deepEqual(await factory.read.verifierConfig([2]), v2)
      assert.equal((await factory.read.verifierConfig([1])).imageId, IMAGE_ID)
      assert.equal(await factory.read.operator(), getAddress(stranger.account.address))
      for (const id of [0, 3]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          factory.read.verifierConfig([id]),
          factory,
          'UnknownVerifierConfig',
          [id, 2],
        )
      }
      assert.equal(await factory.read.jobTimeout(), 21_600n)

      await viem.assertions.revertWithCustomErrorWithArgs(
        factory.write.setProtocolFee([1_001], asOwner),
        factory,
        'FeeTooHigh',
        [1_001n, 1_000n],
      )
      await viem.assertions.revertWithCustomError(
        factory.write.setFeeRecipient([zeroAddress], asOwner),
        factory,
        'ZeroAddress',
      )
      await viem.assertions.revertWithCustomError(
        factory.write.setVerifierConfig([{ ...v2, zkVerify: zeroAddress }], asOwner),
        factory,
        'ZeroAddress',
      )
      await viem.assertions.revertWithCustomError(
        factory.write.setVerifierConfig([{ ...v2, imageId: zeroHash }], asOwner),
        factory,
        'ZeroImageId',
      )
      await viem.assertions.revertWithCustomError(
        factory.write.setOperator([zeroAddress], asOwner),
        factory,
        'ZeroAddress',
      )
      assert.equal(await factory.read.currentVerifierId(), 2)
      await viem.assertions.revertWithCustomError(
        factory.write.setJobTimeout([21_599n], asOwner),
        factory,
        'JobTimeoutOutOfRange',
      )
      assert.equal(await factory.read.protocolFeeBps(), 1_000)

      const asStranger = { account: stranger.account }
      for (const call of [
        factory.write.setProtocolFee([0], asStranger),
        factory.write.setFeeRecipient([stranger.account.address], asStranger),
        factory.write.setVerifierConfig([v2], asStranger),
        factory.write.setOperator([stranger.account.address], asStranger),
        factory.write.setJobTimeout([25_200n], asStranger),
      ]) {
        await viem.assertions.revertWithCustomErrorWithArgs(call, factory, 'OwnableUnauthorizedAccount', [
          getAddress(stranger.account.address),
        ])
      }
    })

    it('hands ownership over in two steps', async () => {
      const { factory, owner, stranger } = await load()
      await factory.write.transferOwnership([stranger.account.address], { account: owner.account })
      assert.equal(await factory.read.owner(), getAddress(owner.account.address))
      await factory.write.acceptOwnership({ account: stranger.account })
      assert.equal(await factory.read.owner(), getAddress(stranger.account.address))
    })
  })
})
