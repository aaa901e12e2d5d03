import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import type { Logger } from 'pino'
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem'
import type { TimestampLog, Verifier } from './attest/types.ts'
import { type Config, ConfigError } from './config.ts'
import { PUBLIC_MIRROR_URLS } from './hcs/hederaClient.ts'
import { createHederaTimestampLog } from './hcs/hederaTimestampLog.ts'
import { verifyReceipt } from './prover/index.ts'
import { openSqliteAggregationIdStore } from './zkverify/aggregationIdStore.ts'
import { createLocalVerifier } from './zkverify/localVerifier.ts'
import { createZkVerifyJsVerifier } from './zkverify/zkVerifyJsVerifier.ts'

type Wallet = WalletClient<Transport, Chain | undefined, Account>

/**
 * The Verifier for the configured mode. Local mode publishes roots to the factory's zkVerify contract
 * (or VERITREE_AGGREGATION_ADDRESS) as the settler account, which must hold its operator role.
 */
export async function createVerifier(
  config: Config,
  clients: { publicClient: PublicClient; walletClient: Wallet; factory: Address },
): Promise<{ verifier: Verifier; close(): Promise<void> }> {
  const { publicClient, walletClient, factory } = clients
  // New jobs record the factory's current verifier config (append-only list); this backend proves for it.
  const verifierId = await publicClient.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'currentVerifierId',
  })
  const { zkVerify: aggregation, domainId } = await publicClient.readContract({
    address: factory,
    abi: datasetFactoryAbi,
    functionName: 'verifierConfig',
    args: [verifierId],
  })
  if (config.zkVerify.mode === 'local') {
    const store = openSqliteAggregationIdStore(join(config.dataDir, 'aggregations.sqlite'))
    const verifier = createLocalVerifier({
      publicClient,
      walletClient,
      aggregationAddress: config.zkVerify.aggregationAddress ?? aggregation,
      domainId,
      verifyReceipt: (request) => verifyReceipt(request),
      batch: { maxSize: 8, maxWaitMs: 2_000 },
      store,
    })
    return {
      verifier,
      async close() {
        await verifier.flush().catch(() => undefined)
        store.close()
      },
    }
  }
  if (config.zkVerify.domainId !== domainId) {
    throw new ConfigError(
      `VERITREE_ZKVERIFY_DOMAIN_ID is ${config.zkVerify.domainId} but the factory accepts domain ${domainId}`,
    )
  }
  const verifier = createZkVerifyJsVerifier({
    network: config.zkVerify.network,
    seedPhrase: config.zkVerify.seed,
    domainId,
    aggregationContract: aggregation,
    settlement: { publicClient },
  })
  return { verifier, close: async () => undefined }
}

/**
 * The HCS TimestampLog for the configured network. A topic created on first start is saved in
 * `<dataDir>/hcs-topic-<network>.txt` and reused afterwards, so every receipt lands in one log.
 */
export async function createTimestampLog(
  config: Config,
  logger: Logger,
): Promise<{ log: TimestampLog; close(): void }> {
  const hcs = config.hcs
  if (!hcs.operatorId || !hcs.operatorKey) {
    throw new ConfigError(
      'VERITREE_HCS_OPERATOR_ID and VERITREE_HCS_OPERATOR_KEY are required (for the local node: its genesis operator, printed by the start script)',
    )
  }
  const topicFile = join(config.dataDir, `hcs-topic-${hcs.network}.txt`)
  const topicId = hcs.topicId ?? (existsSync(topicFile) ? readFileSync(topicFile, 'utf8').trim() : undefined)
  const common = {
    operatorId: hcs.operatorId,
    operatorKey: hcs.operatorKey,
    logger,
    ...(topicId ? { topicId } : {}),
    topicMemo: 'veritree accuracy receipts',
  }
  const log =
    hcs.network === 'local'
      ? await createHederaTimestampLog({
          ...common,
          network: 'local',
          grpcEndpoint: hcs.node,
          mirrorUrl: hcs.mirrorUrl,
        })
      : await createHederaTimestampLog({
          ...common,
          network: hcs.network,
          mirrorUrl: PUBLIC_MIRROR_URLS[hcs.network],
        })
  if (log.createdTopic) {
    writeFileSync(topicFile, `${log.topicId}\n`)
    logger.info({ topicId: log.topicId }, 'created the HCS topic for receipts')
  }
  return { log, close: () => log.close() }
}
