/**
 * Test support: the backend app on an ephemeral port over a real in-process chain and a real SQLite
 * file in a temp dir, plus the chain watcher (polled by hand) and helpers for the on-chain steps the
 * frontend normally does (createDataset, openJob).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { demoLinearCurve } from '@veritree/contracts/curves'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import type { JobTerms } from '@veritree/contracts/job-terms'
import pino from 'pino'
import type { Address, Hex } from 'viem'
import { type AppDeps, createApp } from '../app.ts'
import { type ChainWatcher, createChainWatcher } from '../chain/watcher.ts'
import { openStore, type Store } from '../db/index.ts'
import { JobEvents } from '../jobs/events.ts'
import { type DataKey, loadDataKey } from '../vault/dataKey.ts'
import { startTestChain, type TestChain, type TestWallet } from './chain.ts'
import { TEST_ORIGIN, type TestClient, testClient } from './http.ts'
import { quoteTermsForTest } from './jobTerms.ts'

export type Harness = {
  chain: TestChain
  store: Store
  dataKey: DataKey
  dataDir: string
  deps: AppDeps
  baseUrl: string
  watcher: ChainWatcher
  events: JobEvents
  vendor: TestWallet
  customer: TestWallet
  stranger: TestWallet
  client(): TestClient
  /** Sends DatasetFactory.createDataset from `wallet` and returns the market address. */
  createMarket(wallet: TestWallet, commitment: Hex): Promise<Address>
  /** Sends DatasetMarket.openJob from `wallet` at the current price; returns the job id. */
  openJob(wallet: TestWallet, market: Address, terms: JobTerms): Promise<Hex>
  /** The JobTerms a customer sends for a stored quote (what the frontend builds from the preview). */
  termsFor(quoteId: Hex, change?: Partial<JobTerms>): Promise<JobTerms>
  close(): Promise<void>
}

export const TEST_IMAGE_ID: Hex = `0x${'11'.repeat(32)}`

export async function startHarness(
  options: { imageId?: Hex; overrides?: Partial<AppDeps>; dataDir?: string } = {},
): Promise<Harness> {
  const chain = await startTestChain(options.imageId ?? TEST_IMAGE_ID)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'veritree-test-'))
  const store = openStore(dataDir)
  const dataKey = loadDataKey({ keyFile: join(dataDir, 'data.key') })
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })
  const events = new JobEvents()
  const deps: AppDeps = {
    store,
    dataKey,
    logger,
    publicClient: chain.publicClient,
    chainId: chain.chainId,
    factory: chain.deployment.factory,
    origins: [TEST_ORIGIN],
    secureCookies: false,
    maxUploadBytes: 64 * 1024,
    quoteTtlSeconds: 600,
    trainTimeoutMs: 60_000,
    rateLimits: { windowMs: 60_000, uploads: 1000, previews: 1000 },
    events,
    imageId: async () => options.imageId ?? null,
    zkVerifyMode: 'local',
    hcsNetwork: 'local',
    ...options.overrides,
  }
  const server: Server = await new Promise((resolve) => {
    const s = createApp(deps).listen(0, '127.0.0.1', () => resolve(s))
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const watcher = createChainWatcher({
    store,
    client: chain.publicClient,
    chainId: chain.chainId,
    factory: chain.deployment.factory,
    startBlock: chain.deployment.factoryBlock,
    confirmations: 0,
    pollIntervalMs: 100,
    logger,
  })
  const [, vendor, customer, stranger] = chain.wallets as [TestWallet, TestWallet, TestWallet, TestWallet]

  return {
    chain,
    store,
    dataKey,
    dataDir,
    deps,
    baseUrl,
    watcher,
    events,
    vendor,
    customer,
    stranger,
    client: () => testClient(baseUrl),
    async createMarket(wallet, commitment) {
      const { result, request } = await chain.publicClient.simulateContract({
        account: wallet.account,
        address: chain.deployment.factory,
        abi: datasetFactoryAbi,
        functionName: 'createDataset',
        args: [commitment, demoLinearCurve, 'ipfs://test'],
      })
      const hash = await wallet.writeContract(request)
      await chain.publicClient.waitForTransactionReceipt({ hash })
      return result
    },
    async termsFor(quoteId, change = {}) {
      const terms = await quoteTermsForTest(dataDir, store, quoteId)
      return { ...terms, ...change }
    },
    async openJob(wallet, market, terms) {
      const price = await chain.publicClient.readContract({
        address: market,
        abi: datasetMarketAbi,
        functionName: 'price',
      })
      const { result, request } = await chain.publicClient.simulateContract({
        account: wallet.account,
        address: market,
        abi: datasetMarketAbi,
        functionName: 'openJob',
        args: [terms, price],
        value: price,
      })
      const hash = await wallet.writeContract(request)
      await chain.publicClient.waitForTransactionReceipt({ hash })
      return result
    },
    async close() {
      await watcher.stop()
      await new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
      await store.close()
      await chain.close()
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
