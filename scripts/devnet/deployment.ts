import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { deployVeritree } from '@veritree/contracts/deploy'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import type { Address, Hex, PublicClient } from 'viem'
import type { DevWallet } from './clients.ts'

export type Deployment = {
  chainId: number
  factory: Address
  zkVerify: Address
  factoryBlock: string
  imageId: Hex
}

/**
 * Deploys the contracts on first start, and on later starts checks that the replayed chain still has them.
 * When the guest was rebuilt (new image id), the factory is pointed at the new one, so new sales settle
 * against the prover that will actually run.
 */
export async function ensureDeployment(options: {
  path: string
  publicClient: PublicClient
  owner: DevWallet
  operator: Address
  imageId: Hex
  log: (message: string) => void
}): Promise<Deployment> {
  const { path, publicClient, owner, imageId, log } = options
  const chainId = await publicClient.getChainId()
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Deployment
    if ((await publicClient.getCode({ address: saved.factory })) === undefined) {
      throw new Error(
        `${path} names factory ${saved.factory}, but the local chain has no code there. ` +
          'The chain journal and the deployment disagree; delete the data directory to start over.',
      )
    }
    // Verifier configs are append-only and every open job keeps the one it was opened under, so a new
    // guest image is a new config (same zkVerify contract and domain), not an edit of the current one.
    const verifierId = await publicClient.readContract({
      address: saved.factory,
      abi: datasetFactoryAbi,
      functionName: 'currentVerifierId',
    })
    const current = await publicClient.readContract({
      address: saved.factory,
      abi: datasetFactoryAbi,
      functionName: 'verifierConfig',
      args: [verifierId],
    })
    if (current.imageId !== imageId) {
      log(
        `guest image id changed (${current.imageId} -> ${imageId}); appending a verifier config to the factory`,
      )
      const hash = await owner.writeContract({
        address: saved.factory,
        abi: datasetFactoryAbi,
        functionName: 'setVerifierConfig',
        args: [{ ...current, imageId }],
      })
      await publicClient.waitForTransactionReceipt({ hash })
      saved.imageId = imageId
      writeFileSync(path, `${JSON.stringify(saved, null, 2)}\n`)
    }
    return saved
  }
  log('deploying DatasetFactory, DatasetMarket and ZkVerifyAggregation')
  const deployed = await deployVeritree({
    walletClient: owner,
    publicClient,
    imageId,
    operator: options.operator,
    feeBps: 250,
  })
  const deployment: Deployment = {
    chainId,
    factory: deployed.factory,
    zkVerify: deployed.zkVerify,
    factoryBlock: deployed.factoryBlock.toString(),
    imageId,
  }
  writeFileSync(path, `${JSON.stringify(deployment, null, 2)}\n`)
  return deployment
}
