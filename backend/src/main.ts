/**
 * The Veritree backend process: reads configuration, opens the database, starts the chain watcher,
 * the job worker and the HTTP server, and shuts them down in order on SIGINT/SIGTERM.
 * Knows nothing about local devnets: the start script passes everything in through the environment.
 */
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import pino from 'pino'
import { createPublicClient, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createApp } from './app.ts'
import { createChainWatcher } from './chain/watcher.ts'
import { ConfigError, loadConfig, preparePrivateDataDir, requireChainSettings } from './config.ts'
import { openStore } from './db/index.ts'
import { startInputsExpiry } from './feeds/expireInputs.ts'
import { createFeedWorker } from './feeds/worker.ts'
import { DEFAULT_RATE_LIMITS } from './http/rateLimit.ts'
import { createSite } from './http/site.ts'
import { createCliInferenceProver, createCliProver, removePlaintextLeftovers } from './jobs/cliProver.ts'
import { JobEvents } from './jobs/events.ts'
import { createReconciler } from './jobs/reconciler.ts'
import { createSemaphore } from './jobs/semaphore.ts'
import { crashHookState, createJobWorker } from './jobs/worker.ts'
import { getImageId } from './prover/index.ts'
import { DEFAULT_PREVIEW_BUDGET } from './quotes/preview.ts'
import { startQuoteSweeper } from './quotes/sweep.ts'
import { createTimestampLog, createVerifier } from './services.ts'
import { loadDataKey } from './vault/dataKey.ts'

async function main(): Promise<void> {
  const config = loadConfig(process.env)
  const logger = pino({ level: config.logLevel })
  const { factoryAddress, settlerPrivateKey } = requireChainSettings(config)

  const transport = http(config.rpcUrl, { retryCount: 3 })
  const probe = createPublicClient({ transport })
  const chainId = await probe.getChainId().catch((error: unknown) => {
    throw new ConfigError(
      `cannot reach the chain at VERITREE_RPC_URL=${config.rpcUrl}: ${(error as Error).message}`,
    )
  })
  if (config.chainId !== undefined && config.chainId !== chainId) {
    throw new ConfigError(`VERITREE_CHAIN_ID is ${config.chainId} but ${config.rpcUrl} is chain ${chainId}`)
  }
  const chain = {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [config.rpcUrl] } },
  }
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 500 })
  const walletClient = createWalletClient({
    chain,
    transport,
    account: privateKeyToAccount(settlerPrivateKey),
  })
  if ((await publicClient.getCode({ address: factoryAddress })) === undefined) {
    throw new ConfigError(`no contract at VERITREE_FACTORY_ADDRESS=${factoryAddress} on chain ${chainId}`)
  }

  preparePrivateDataDir(config.dataDir)
  const store = openStore(config.dataDir)
  const dataKey = loadDataKey({ hex: config.dataKeyHex, keyFile: join(config.dataDir, 'data.key') })
  const events = new JobEvents()
  const verifier = await createVerifier(config, { publicClient, walletClient, factory: factoryAddress })
  const timestampLog = await createTimestampLog(config, logger)
  let imageId: `0x${string}` | null = null
  const readImageId = async () => (imageId ??= await getImageId().catch(() => null))
  if (!(await readImageId()))
    logger.warn(
      'the prover is not built (bash scripts/build-zkvm.sh): proving attempts fail and are retried with backoff until it is',
    )

  // A crash during a format-2 proof leaves its plaintext dataset in the job's work dir: delete it
  // before the workers start (a job that still needs the proof writes it again).
  const jobsWorkDir = join(config.dataDir, 'jobs')
  const leftovers = await removePlaintextLeftovers(jobsWorkDir)
  if (leftovers > 0)
    logger.warn({ leftovers }, 'deleted plaintext datasets left by interrupted format-2 proofs')

  const crashAfter = crashHookState(process.env.VERITREE_TEST_CRASH_AT)
  if (crashAfter)
    logger.warn(`VERITREE_TEST_CRASH_AT is set: the process kills itself after the ${crashAfter} step`)
  const pipeline = {
    store,
    dataKey,
    prover: createCliProver(),
    verifier: verifier.verifier,
    timestampLog: timestampLog.log,
    publicClient,
    walletClient,
    factory: factoryAddress,
    proverImageId: readImageId,
    workDir: jobsWorkDir,
    events,
    logger: logger.child({ component: 'worker' }),
    proveTimeoutMs: config.proveTimeoutMs,
    trainTimeoutMs: 10 * 60_000,
  }
  // Sales and prediction requests prove on the same machine: one proving limit for both workers.
  const withProvingSlot = createSemaphore(config.proveConcurrency)
  const worker = createJobWorker(pipeline, {
    withProvingSlot,
    leaseMs: config.jobLeaseMs,
    crashAfter,
  })
  const { prover: _saleProver, dataKey: _dataKey, trainTimeoutMs: _train, ...shared } = pipeline
  const feedWorker = createFeedWorker(
    { ...shared, inferenceProver: createCliInferenceProver(), logger: logger.child({ component: 'feeds' }) },
    { withProvingSlot, leaseMs: config.jobLeaseMs },
  )
  const reconciler = createReconciler({ ...pipeline, logger: logger.child({ component: 'reconciler' }) })
  const watcher = createChainWatcher({
    store,
    client: publicClient,
    chainId,
    factory: factoryAddress,
    startBlock: config.startBlock,
    confirmations: config.confirmations,
    pollIntervalMs: config.pollIntervalMs,
    logger: logger.child({ component: 'watcher' }),
    onJob: () => worker.kick(),
    onFeedRequest: () => feedWorker.kick(),
  })
  const app = createApp({
    store,
    dataKey,
    logger: logger.child({ component: 'http' }),
    publicClient,
    chainId,
    factory: factoryAddress,
    origins: config.publicOrigins,
    secureCookies: config.publicOrigins.every((o) => o.startsWith('https://')),
    maxUploadBytes: config.maxUploadBytes,
    feedInputs: config.feedInputs,
    quoteTtlSeconds: config.quoteTtlSeconds,
    trainTimeoutMs: 2 * 60_000,
    rateLimits: DEFAULT_RATE_LIMITS,
    previewBudget: DEFAULT_PREVIEW_BUDGET,
    events,
    imageId: readImageId,
    zkVerifyMode: config.zkVerify.mode,
    hcsNetwork: config.hcs.network,
    ...(config.publicRpcUrl ? { publicRpcUrl: config.publicRpcUrl } : {}),
  })

  watcher.start()
  reconciler.start()
  worker.start()
  feedWorker.start()
  const stopInputsExpiry = startInputsExpiry(
    store,
    logger.child({ component: 'feeds' }),
    () => feedWorker.kick(),
    {
      graceMs: config.feedInputs.graceMs,
      syncedAt: () => watcher.syncedAt(),
    },
  )
  const stopSweeper = startQuoteSweeper(store, logger.child({ component: 'sweeper' }), DEFAULT_PREVIEW_BUDGET)
  // The API lives under /api; the built frontend (if configured) is served from the same origin.
  const site = createSite(app, config.staticDir)
  const server = site.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo
    logger.info(
      { url: `http://${config.host}:${port}`, chainId, factory: factoryAddress, dataDir: config.dataDir },
      'veritree backend listening',
    )
  })
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'HTTP server failed')
    process.exit(1)
  })

  let stopping = false
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      logger.error('shutdown took over 20 s; exiting')
      process.exit(1)
    }, 20_000)
    force.unref()
    stopSweeper()
    stopInputsExpiry()
    server.close()
    server.closeAllConnections()
    await watcher.stop()
    await reconciler.stop()
    await worker.stop()
    await feedWorker.stop()
    await verifier.close()
    timestampLog.close()
    await store.close()
    clearTimeout(force)
    logger.info('stopped')
  }
  process.once('SIGINT', (s) => void shutdown(s))
  process.once('SIGTERM', (s) => void shutdown(s))
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))
  process.stderr.write(`veritree backend failed to start: ${message}\n`)
  process.exit(1)
})
