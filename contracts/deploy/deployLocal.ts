/**
 * Deploys Veritree's contracts with plain viem (no Hardhat), so the start script, the backend's tests
 * and a real deployment all use the same code against any RPC: the local zkVerify aggregation contract,
 * the locked DatasetMarket implementation, and the DatasetFactory that clones it.
 */
import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  isHex,
  type PublicClient,
  size,
  type Transport,
  type WalletClient,
  zeroHash,
} from 'viem'
import { datasetFactoryAbi, datasetFactoryBytecode } from '../generated/DatasetFactory.ts'
import { datasetMarketAbi, datasetMarketBytecode } from '../generated/DatasetMarket.ts'
import { zkVerifyAggregationAbi, zkVerifyAggregationBytecode } from '../generated/ZkVerifyAggregation.ts'

/** Default reclaim timeout for new jobs: one day. */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 86_400n

/** What {@link deployVeritree} needs. */
export interface DeployVeritreeParameters {
  /** Signs the deployments; becomes the factory owner and the aggregation contract's admin. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  /** Waits for receipts. */
  publicClient: PublicClient
  /** RISC Zero image id of the Veritree guest that settle accepts. */
  imageId: Hex
  /** zkVerify domain the markets accept. Default 0. */
  domainId?: bigint
  /** Protocol fee in basis points, at most 1000. Default 0. */
  feeBps?: number
  /** Who is credited protocol fees. Default: the deployer. */
  feeRecipient?: Address
  /** Who may post aggregation roots to the local ZkVerifyAggregation. Default: the deployer. */
  operator?: Address
  /** Reclaim timeout in seconds, 3600 to 2592000. Default {@link DEFAULT_JOB_TIMEOUT_SECONDS}. */
  jobTimeout?: bigint
  /**
   * Use this already-deployed aggregation contract (e.g. zkVerify's proxy on a public network)
   * instead of deploying the local one.
   */
  zkVerify?: Address
}

/** Bounds the factory enforces; checked here first so a bad call deploys nothing. */
const MAX_FEE_BPS = 1_000
const MIN_JOB_TIMEOUT = 3_600n
const MAX_JOB_TIMEOUT = 2_592_000n

/** Throws a message naming the bad parameter, before any transaction is sent. */
function checkParameters(params: DeployVeritreeParameters): void {
  if (!isHex(params.imageId) || size(params.imageId) !== 32 || params.imageId === zeroHash) {
    throw new Error(`deployVeritree: imageId must be a non-zero 32-byte hex string, got ${params.imageId}`)
  }
  const feeBps = params.feeBps ?? 0
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > MAX_FEE_BPS) {
    throw new Error(`deployVeritree: feeBps must be an integer from 0 to ${MAX_FEE_BPS}, got ${feeBps}`)
  }
  const jobTimeout = params.jobTimeout ?? DEFAULT_JOB_TIMEOUT_SECONDS
  if (jobTimeout < MIN_JOB_TIMEOUT || jobTimeout > MAX_JOB_TIMEOUT) {
    throw new Error(
      `deployVeritree: jobTimeout must be ${MIN_JOB_TIMEOUT} to ${MAX_JOB_TIMEOUT} seconds, got ${jobTimeout}`,
    )
  }
  if (params.domainId !== undefined && params.domainId < 0n) {
    throw new Error(`deployVeritree: domainId must be >= 0, got ${params.domainId}`)
  }
}

/** Addresses of a deployment. */
export interface VeritreeDeployment {
  /** The zkVerify aggregation contract the factory points at. */
  zkVerify: Address
  /** The locked DatasetMarket every clone delegates to. */
  marketImplementation: Address
  /** The DatasetFactory. */
  factory: Address
  /** Block of the factory's deployment: where an indexer starts reading DatasetCreated. */
  factoryBlock: bigint
}

async function deploy(
  { walletClient, publicClient }: Pick<DeployVeritreeParameters, 'walletClient' | 'publicClient'>,
  name: string,
  abi: Abi,
  bytecode: Hex,
  args: readonly unknown[],
): Promise<{ address: Address; blockNumber: bigint }> {
  const hash = await walletClient.deployContract({
    abi,
    bytecode,
    args,
    account: walletClient.account,
    chain: walletClient.chain,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new Error(`deploying ${name} failed in transaction ${hash} (status ${receipt.status})`)
  }
  return { address: receipt.contractAddress, blockNumber: receipt.blockNumber }
}

/**
 * Deploys ZkVerifyAggregation (unless `zkVerify` is given), the DatasetMarket implementation and the
 * DatasetFactory, one transaction after the other, and returns their addresses.
 * @example
 * const { factory } = await deployVeritree({ walletClient, publicClient, imageId, feeBps: 250 });
 */
export async function deployVeritree(params: DeployVeritreeParameters): Promise<VeritreeDeployment> {
  const deployer = params.walletClient.account?.address
  if (!deployer) throw new Error('deployVeritree: walletClient has no account to deploy from')
  checkParameters(params)

  const zkVerify =
    params.zkVerify ??
    (
      await deploy(params, 'ZkVerifyAggregation', zkVerifyAggregationAbi, zkVerifyAggregationBytecode, [
        params.operator ?? deployer,
      ])
    ).address
  const implementation = await deploy(params, 'DatasetMarket', datasetMarketAbi, datasetMarketBytecode, [])
  const factory = await deploy(params, 'DatasetFactory', datasetFactoryAbi, datasetFactoryBytecode, [
    deployer,
    implementation.address,
    {
      protocolFeeBps: params.feeBps ?? 0,
      feeRecipient: params.feeRecipient ?? deployer,
      imageId: params.imageId,
      zkVerify,
      domainId: params.domainId ?? 0n,
      jobTimeout: params.jobTimeout ?? DEFAULT_JOB_TIMEOUT_SECONDS,
    },
  ])
  return {
    zkVerify,
    marketImplementation: implementation.address,
    factory: factory.address,
    factoryBlock: factory.blockNumber,
  }
}
