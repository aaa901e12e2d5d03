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

/** The chain id of Hardhat's local chain, the only one the local ZkVerifyAggregation is deployed on by default. */
export const LOCAL_CHAIN_ID = 31_337

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
  /**
   * The backend's settler account. Becomes the factory's `operator` (who may `refundUnprovable`) and,
   * when the local ZkVerifyAggregation is deployed, its OPERATOR (who posts aggregation roots).
   * Default: the deployer.
   */
  operator?: Address
  /** Reclaim timeout in seconds, 21600 (6 hours) to 2592000. Default {@link DEFAULT_JOB_TIMEOUT_SECONDS}. */
  jobTimeout?: bigint
  /**
   * Use this already-deployed aggregation contract (e.g. zkVerify's proxy on a public network)
   * instead of deploying the local one.
   */
  zkVerify?: Address
  /**
   * Deploy the local ZkVerifyAggregation stand-in (when `zkVerify` is not given) on a chain other
   * than {@link LOCAL_CHAIN_ID}. Its operator can post any root, so on a public chain it would let the
   * operator release any escrow: without this flag, deployVeritree refuses.
   */
  allowMockAggregation?: boolean
}

/** Bounds the factory enforces; checked here first so a bad call deploys nothing. */
const MAX_FEE_BPS = 1_000
const MIN_JOB_TIMEOUT = 21_600n
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

  const operator = params.operator ?? deployer
  if (params.zkVerify === undefined && !params.allowMockAggregation) {
    const chainId = await params.publicClient.getChainId()
    if (chainId !== LOCAL_CHAIN_ID) {
      throw new Error(
        `deployVeritree: refusing to deploy the local ZkVerifyAggregation on chain ${chainId}: pass ` +
          `zkVerify (zkVerify's aggregation contract) or allowMockAggregation: true`,
      )
    }
  }
  const zkVerify =
    params.zkVerify ??
    (
      await deploy(params, 'ZkVerifyAggregation', zkVerifyAggregationAbi, zkVerifyAggregationBytecode, [
        operator,
      ])
    ).address
  const implementation = await deploy(params, 'DatasetMarket', datasetMarketAbi, datasetMarketBytecode, [])
  const factory = await deploy(params, 'DatasetFactory', datasetFactoryAbi, datasetFactoryBytecode, [
    deployer,
    implementation.address,
    {
      protocolFeeBps: params.feeBps ?? 0,
      feeRecipient: params.feeRecipient ?? deployer,
      verifier: { imageId: params.imageId, zkVerify, domainId: params.domainId ?? 0n },
      operator,
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

/** What {@link appendVerifierConfig} needs. */
export interface AppendVerifierConfigParameters {
  /** The factory owner. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>
  /** Waits for the receipt. */
  publicClient: PublicClient
  /** The DatasetFactory. */
  factory: Address
  /** New guest image id; default: the current config's. */
  imageId?: Hex
  /** New aggregation contract; default: the current config's. */
  zkVerify?: Address
  /** New zkVerify domain; default: the current config's. */
  domainId?: bigint
}

/**
 * Appends a verifier config that changes only the given fields of the current one (e.g. a rebuilt
 * guest's image id), unless nothing changes. Jobs opened from then on use it; open jobs keep theirs.
 * @returns The id of the verifier config now current.
 */
export async function appendVerifierConfig(params: AppendVerifierConfigParameters): Promise<number> {
  const { walletClient, publicClient, factory } = params
  const currentId = await publicClient.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'currentVerifierId',
  })
  const current = await publicClient.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'verifierConfig',
    args: [currentId],
  })
  const next = {
    imageId: params.imageId ?? current.imageId,
    zkVerify: params.zkVerify ?? current.zkVerify,
    domainId: params.domainId ?? current.domainId,
  }
  if (
    next.imageId === current.imageId &&
    next.zkVerify.toLowerCase() === current.zkVerify.toLowerCase() &&
    next.domainId === current.domainId
  ) {
    return currentId
  }
  const hash = await walletClient.writeContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'setVerifierConfig',
    args: [next],
    account: walletClient.account,
    chain: walletClient.chain,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`setVerifierConfig reverted in transaction ${hash}`)
  return currentId + 1
}
