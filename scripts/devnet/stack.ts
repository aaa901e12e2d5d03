import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address } from 'viem'
import { startLocalHcsNode } from '../../backend/src/hcs/localNode/startLocalHcsNode.ts'
import { getImageId } from '../../backend/src/prover/index.ts'
import { type BackendProcess, startBackendProcess } from '../../backend/src/testing/backendProcess.ts'
import { devAccount, devPrivateKey } from './accounts.ts'
import { devClients } from './clients.ts'
import { type Deployment, ensureDeployment } from './deployment.ts'
import { startHardhatNode } from './hardhatNode.ts'
import { startRecordingRpc } from './recordingRpc.ts'
import { seedDemoData } from './seed.ts'
import { seedDemoFeed } from './seedFeed.ts'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export type StackOptions = {
  /** Everything the stack keeps lives here: chain journal, HCS node, backend database and vault. */
  dataDir: string
  /** Site (frontend + /api). Default 8787; 0 picks a free port. */
  port?: number
  /** Chain JSON-RPC for wallets. Default 8545; 0 picks a free port. */
  rpcPort?: number
  /** Local HCS node gRPC and mirror REST. Defaults 50211 and 5551; 0 picks free ports. */
  hcsGrpcPort?: number
  mirrorPort?: number
  /** List the two demo datasets on first start. Default true. */
  seed?: boolean
  /**
   * After seeding, buy a demo iris model (a real proof, a minute or two) and list it as an inference
   * feed, in the background. Default: when `seed` is on.
   */
  seedFeed?: boolean
  /** Serve the built frontend (frontend/dist). Default true. */
  serveFrontend?: boolean
  log?: (message: string) => void
  /** Extra environment for the backend process (e.g. RISC0_DEV_MODE in plumbing tests). */
  backendEnv?: Record<string, string>
}

export type Stack = {
  /** The marketplace site; the API is under `${url}/api`. */
  url: string
  rpcUrl: string
  chainId: number
  deployment: Deployment
  mirrorUrl: string
  backend: BackendProcess
  /**
   * The demo feed being seeded in the background: its address once listed, null when this start does
   * not seed one (already seeded, or seeding off) or seeding failed (the log says why).
   */
  demoFeed: Promise<Address | null>
  close(): Promise<void>
}

type DevnetState = { genesisDate: string; seeded: boolean; feedSeeded?: boolean }

/**
 * Starts the whole marketplace on its local defaults: the Hardhat chain (replaying its journal), the
 * contracts (deployed once), the embedded HCS node, the backend serving the frontend, and the demo
 * vendors. Stops everything in reverse order on `close()`.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {})
  const dataDir = resolve(options.dataDir)
  mkdirSync(dataDir, { recursive: true })
  const statePath = join(dataDir, 'devnet.json')
  const state: DevnetState = existsSync(statePath)
    ? JSON.parse(readFileSync(statePath, 'utf8'))
    : { genesisDate: new Date().toISOString(), seeded: false }
  const saveState = () => writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`)
  saveState()

  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const closer of closers.reverse())
      await closer().catch((error: Error) => log(`shutdown: ${error.message}`))
  }
  try {
    const imageId = await getImageId()

    const chainDir = join(dataDir, 'chain')
    const node = await startHardhatNode({ dataDir: chainDir, genesisDate: state.genesisDate })
    closers.push(() => node.close())
    const rpc = await startRecordingRpc({
      upstream: node.url,
      journalPath: join(chainDir, 'journal.ndjson'),
      port: options.rpcPort ?? 8545,
      log,
    })
    closers.push(() => rpc.close())
    log(`chain: ${rpc.url} (chain id 31337${rpc.replayed ? `, ${rpc.replayed} requests replayed` : ''})`)
    const { publicClient, wallet } = devClients(rpc.url)
    await catchUpChainClock(rpc.url, publicClient)

    const settler = devAccount('settler')
    const deployment = await ensureDeployment({
      path: join(dataDir, 'deployment.json'),
      publicClient,
      owner: wallet(devAccount('deployer')),
      operator: settler.address,
      imageId,
      log,
    })
    log(`contracts: factory ${deployment.factory}, zkVerify aggregation ${deployment.zkVerify}`)

    const hcs = await startLocalHcsNode({
      dbPath: join(dataDir, 'hcs.sqlite'),
      grpcPort: options.hcsGrpcPort ?? 50211,
      mirrorPort: options.mirrorPort ?? 5551,
    })
    closers.push(() => hcs.close())
    log(`HCS: gRPC ${hcs.grpcEndpoint}, mirror ${hcs.mirrorUrl}`)

    const port = options.port === 0 ? await freePort() : (options.port ?? 8787)
    const origin = `http://127.0.0.1:${port}`
    const backend = await startBackendProcess({
      VERITREE_DATA_DIR: join(dataDir, 'backend'),
      VERITREE_HOST: '127.0.0.1',
      VERITREE_PORT: String(port),
      VERITREE_PUBLIC_ORIGINS: `${origin},http://localhost:${port}`,
      VERITREE_RPC_URL: rpc.url,
      VERITREE_PUBLIC_RPC_URL: rpc.url,
      VERITREE_CHAIN_ID: String(deployment.chainId),
      VERITREE_FACTORY_ADDRESS: deployment.factory,
      VERITREE_START_BLOCK: deployment.factoryBlock,
      VERITREE_SETTLER_PRIVATE_KEY: devPrivateKey('settler'),
      VERITREE_HCS_NETWORK: 'local',
      VERITREE_HCS_NODE: hcs.grpcEndpoint,
      VERITREE_HCS_MIRROR_URL: hcs.mirrorUrl,
      VERITREE_HCS_OPERATOR_ID: hcs.operatorId,
      VERITREE_HCS_OPERATOR_KEY: hcs.operatorKey,
      ...(options.serveFrontend === false ? {} : { VERITREE_STATIC_DIR: join(root, 'frontend/dist') }),
      ...options.backendEnv,
    })
    closers.push(() => backend.stop())
    const apiUrl = `${origin}/api`

    if (options.seed !== false && !state.seeded) {
      await seedDemoData({
        apiUrl,
        origin,
        chainId: deployment.chainId,
        factory: deployment.factory,
        publicClient,
        vendors: [wallet(devAccount('vendorA')), wallet(devAccount('vendorB'))],
        log,
      })
      state.seeded = true
      saveState()
    }
    let demoFeed: Promise<Address | null> = Promise.resolve(null)
    if (options.seed !== false && options.seedFeed !== false && !state.feedSeeded) {
      const stop = new AbortController()
      closers.push(async () => stop.abort())
      log('demo feed: buying an iris model to list as a feed, in the background')
      demoFeed = seedDemoFeed({
        apiUrl,
        origin,
        chainId: deployment.chainId,
        factory: deployment.factory,
        publicClient,
        buyer: wallet(devAccount('demoBuyer')),
        log,
        signal: stop.signal,
      }).then(
        (feed) => {
          state.feedSeeded = true
          saveState()
          return feed
        },
        (error: Error) => {
          if (!stop.signal.aborted)
            log(`demo feed: not seeded (${error.message}); it is tried again on the next start`)
          return null
        },
      )
    }
    return {
      url: origin,
      rpcUrl: rpc.url,
      chainId: deployment.chainId,
      deployment,
      mirrorUrl: hcs.mirrorUrl,
      backend,
      demoFeed,
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}

/**
 * After a replay the chain's clock stands where the journal ended; mine one (journaled) block at the
 * wall-clock time so deadlines and timestamps of new transactions are real again.
 */
async function catchUpChainClock(
  rpcUrl: string,
  publicClient: ReturnType<typeof devClients>['publicClient'],
): Promise<void> {
  const latest = await publicClient.getBlock()
  const now = Math.floor(Date.now() / 1000)
  if (Number(latest.timestamp) >= now - 2) return
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_mine', params: [now] }),
  })
  const body = (await response.json()) as { error?: unknown }
  if (body.error) throw new Error(`could not advance the local chain clock: ${JSON.stringify(body.error)}`)
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolvePort(port))
    })
  })
}
