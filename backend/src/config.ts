import { chmodSync, mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VeritreeError } from '@veritree/core/errors'
import { type Hex, isAddress, isHex } from 'viem'
import { z } from 'zod'
import {
  DEFAULT_FEED_INPUTS_LIMITS,
  type FeedInputsLimits,
  MAX_INPUTS_BYTES,
  MAX_INPUTS_GRACE_MS,
  MIN_INPUTS_GRACE_MS,
} from './feeds/limits.ts'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

const hex32 = z.string().refine((v) => isHex(v) && v.length === 66, 'must be 0x followed by 64 hex digits')
const address = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), 'must be a 0x-prefixed 20-byte address')
const optionalString = z.string().trim().min(1).optional()
const positiveInt = z.coerce.number().int().positive()

/** Largest dataset upload (CSV bytes) by default; see backend/README.md for why this size. */
export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024

const EnvSchema = z.object({
  VERITREE_DATA_DIR: z.string().default(resolve(REPO_ROOT, '.data')),
  VERITREE_HOST: z.string().default('127.0.0.1'),
  VERITREE_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  /**
   * Comma-separated origins the frontend is served from. A SIWE message must name one of their hosts as
   * its domain and start its URI with that origin; anything else is a signature meant for another site.
   */
  /**
   * A JSON-RPC URL browsers may use to re-check certificates on chain without a wallet. Not derived from
   * VERITREE_RPC_URL, which may carry a provider's API key.
   */
  VERITREE_PUBLIC_RPC_URL: z.url().optional(),
  VERITREE_PUBLIC_ORIGINS: z
    .string()
    .default('http://127.0.0.1:5173,http://localhost:5173,http://127.0.0.1:8787,http://localhost:8787')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o.length > 0),
    )
    .pipe(z.array(z.url().transform((o) => new URL(o).origin)).min(1)),
  /** A built frontend (frontend/dist) to serve at `/`; the API is always under `/api`. */
  VERITREE_STATIC_DIR: z.string().min(1).optional(),
  VERITREE_RPC_URL: z.url().default('http://127.0.0.1:8545'),
  VERITREE_CHAIN_ID: positiveInt.optional(),
  VERITREE_FACTORY_ADDRESS: address.optional(),
  /** Block the factory was deployed in: the watcher starts there on an empty database. */
  VERITREE_START_BLOCK: z.coerce.bigint().nonnegative().default(0n),
  VERITREE_CONFIRMATIONS: z.coerce.number().int().min(0).max(1000).default(0),
  VERITREE_POLL_INTERVAL_MS: positiveInt.default(1000),
  VERITREE_SETTLER_PRIVATE_KEY: hex32.optional(),
  VERITREE_DATA_KEY: hex32.optional(),
  VERITREE_ZKVERIFY_MODE: z.enum(['local', 'zkverify']).default('local'),
  /** Local mode: the ZkVerifyAggregation contract the local verifier publishes roots to. */
  VERITREE_AGGREGATION_ADDRESS: address.optional(),
  VERITREE_ZKVERIFY_SEED: optionalString,
  VERITREE_ZKVERIFY_DOMAIN_ID: z.coerce.bigint().nonnegative().optional(),
  VERITREE_ZKVERIFY_NETWORK: z.enum(['volta', 'mainnet']).default('volta'),
  VERITREE_HCS_NETWORK: z.enum(['local', 'testnet', 'mainnet']).default('local'),
  VERITREE_HCS_OPERATOR_ID: optionalString,
  VERITREE_HCS_OPERATOR_KEY: optionalString,
  VERITREE_HCS_TOPIC_ID: optionalString,
  /** Local mode: gRPC address of the embedded HCS node and its mirror REST base URL. */
  VERITREE_HCS_NODE: z.string().default('127.0.0.1:50211'),
  VERITREE_HCS_MIRROR_URL: z.url().default('http://127.0.0.1:5551'),
  VERITREE_MAX_UPLOAD_BYTES: positiveInt.default(DEFAULT_MAX_UPLOAD_BYTES),
  VERITREE_PROVE_CONCURRENCY: positiveInt.default(1),
  VERITREE_PROVE_TIMEOUT_MS: positiveInt.default(60 * 60 * 1000),
  /** How long a worker's claim on a job lasts without a heartbeat; a crashed worker's job returns after it. */
  VERITREE_JOB_LEASE_MS: positiveInt.min(1000).default(60_000),
  VERITREE_QUOTE_TTL_SECONDS: positiveInt.default(3600),
  /**
   * Feed inputs: how long a paid request waits for its rows before it is refunded, and how long rows
   * no request names are kept (from their latest upload). At most half the factory's shortest job
   * timeout, so the refund comes before the consumer could reclaim.
   */
  VERITREE_FEED_INPUTS_GRACE_MS: positiveInt
    .min(MIN_INPUTS_GRACE_MS)
    .max(MAX_INPUTS_GRACE_MS)
    .default(DEFAULT_FEED_INPUTS_LIMITS.graceMs),
  /** Uploads no request names that one wallet may hold at once, over all feeds. */
  VERITREE_FEED_INPUTS_PER_WALLET: positiveInt.default(DEFAULT_FEED_INPUTS_LIMITS.maxPerWallet),
  /** Their canonical bytes; at least one largest upload (512 rows × 256 features). */
  VERITREE_FEED_INPUTS_BYTES_PER_WALLET: positiveInt
    .min(MAX_INPUTS_BYTES)
    .default(DEFAULT_FEED_INPUTS_LIMITS.maxBytesPerWallet),
  VERITREE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

/** Everything the service reads from its environment, parsed and defaulted. */
export type Config = {
  dataDir: string
  host: string
  port: number
  publicOrigins: string[]
  publicRpcUrl: string | undefined
  staticDir: string | undefined
  rpcUrl: string
  chainId: number | undefined
  factoryAddress: Hex | undefined
  startBlock: bigint
  confirmations: number
  pollIntervalMs: number
  settlerPrivateKey: Hex | undefined
  dataKeyHex: Hex | undefined
  zkVerify:
    | { mode: 'local'; aggregationAddress: Hex | undefined }
    | { mode: 'zkverify'; seed: string; domainId: bigint; network: 'volta' | 'mainnet' }
  hcs:
    | {
        network: 'local'
        node: string
        mirrorUrl: string
        operatorId?: string
        operatorKey?: string
        topicId?: string
      }
    | { network: 'testnet' | 'mainnet'; operatorId: string; operatorKey: string; topicId: string | undefined }
  maxUploadBytes: number
  proveConcurrency: number
  proveTimeoutMs: number
  jobLeaseMs: number
  quoteTtlSeconds: number
  feedInputs: FeedInputsLimits
  logLevel: z.infer<typeof EnvSchema>['VERITREE_LOG_LEVEL']
}

/** Thrown at start-up when the environment is incomplete or malformed; the message names each variable. */
export class ConfigError extends VeritreeError<'config'> {
  override readonly name = 'ConfigError'
  constructor(message: string) {
    super('config', message)
  }
}

/**
 * Parses the service configuration from environment variables, with local-devnet defaults.
 * Real-network modes fail here, at start, naming any variable they still need.
 *
 * @example
 * const config = loadConfig(process.env)
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  const e = parsed.data
  const missing: string[] = []
  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) missing.push(name)
    return value as T
  }

  const zkVerify: Config['zkVerify'] =
    e.VERITREE_ZKVERIFY_MODE === 'local'
      ? { mode: 'local', aggregationAddress: e.VERITREE_AGGREGATION_ADDRESS as Hex | undefined }
      : {
          mode: 'zkverify',
          seed: need(e.VERITREE_ZKVERIFY_SEED, 'VERITREE_ZKVERIFY_SEED'),
          domainId: need(e.VERITREE_ZKVERIFY_DOMAIN_ID, 'VERITREE_ZKVERIFY_DOMAIN_ID'),
          network: e.VERITREE_ZKVERIFY_NETWORK,
        }
  const hcs: Config['hcs'] =
    e.VERITREE_HCS_NETWORK === 'local'
      ? {
          network: 'local',
          node: e.VERITREE_HCS_NODE,
          mirrorUrl: e.VERITREE_HCS_MIRROR_URL,
          ...(e.VERITREE_HCS_OPERATOR_ID ? { operatorId: e.VERITREE_HCS_OPERATOR_ID } : {}),
          ...(e.VERITREE_HCS_OPERATOR_KEY ? { operatorKey: e.VERITREE_HCS_OPERATOR_KEY } : {}),
          ...(e.VERITREE_HCS_TOPIC_ID ? { topicId: e.VERITREE_HCS_TOPIC_ID } : {}),
        }
      : {
          network: e.VERITREE_HCS_NETWORK,
          operatorId: need(e.VERITREE_HCS_OPERATOR_ID, 'VERITREE_HCS_OPERATOR_ID'),
          operatorKey: need(e.VERITREE_HCS_OPERATOR_KEY, 'VERITREE_HCS_OPERATOR_KEY'),
          topicId: e.VERITREE_HCS_TOPIC_ID,
        }
  if (missing.length > 0) {
    throw new ConfigError(`missing configuration for the chosen modes: ${missing.join(', ')}`)
  }

  return {
    dataDir: resolve(e.VERITREE_DATA_DIR),
    host: e.VERITREE_HOST,
    port: e.VERITREE_PORT,
    publicOrigins: e.VERITREE_PUBLIC_ORIGINS,
    publicRpcUrl: e.VERITREE_PUBLIC_RPC_URL,
    staticDir: e.VERITREE_STATIC_DIR === undefined ? undefined : resolve(e.VERITREE_STATIC_DIR),
    rpcUrl: e.VERITREE_RPC_URL,
    chainId: e.VERITREE_CHAIN_ID,
    factoryAddress: e.VERITREE_FACTORY_ADDRESS as Hex | undefined,
    startBlock: e.VERITREE_START_BLOCK,
    confirmations: e.VERITREE_CONFIRMATIONS,
    pollIntervalMs: e.VERITREE_POLL_INTERVAL_MS,
    settlerPrivateKey: e.VERITREE_SETTLER_PRIVATE_KEY as Hex | undefined,
    dataKeyHex: e.VERITREE_DATA_KEY as Hex | undefined,
    zkVerify,
    hcs,
    maxUploadBytes: e.VERITREE_MAX_UPLOAD_BYTES,
    proveConcurrency: e.VERITREE_PROVE_CONCURRENCY,
    proveTimeoutMs: e.VERITREE_PROVE_TIMEOUT_MS,
    jobLeaseMs: e.VERITREE_JOB_LEASE_MS,
    quoteTtlSeconds: e.VERITREE_QUOTE_TTL_SECONDS,
    feedInputs: {
      graceMs: e.VERITREE_FEED_INPUTS_GRACE_MS,
      maxPerWallet: e.VERITREE_FEED_INPUTS_PER_WALLET,
      maxBytesPerWallet: e.VERITREE_FEED_INPUTS_BYTES_PER_WALLET,
    },
    logLevel: e.VERITREE_LOG_LEVEL,
  }
}

/** The settings main.ts cannot run without on any network. */
export function requireChainSettings(config: Config): { factoryAddress: Hex; settlerPrivateKey: Hex } {
  const missing = [
    config.factoryAddress ? null : 'VERITREE_FACTORY_ADDRESS',
    config.settlerPrivateKey ? null : 'VERITREE_SETTLER_PRIVATE_KEY',
  ].filter((name): name is string => name !== null)
  if (missing.length > 0) throw new ConfigError(`missing configuration: ${missing.join(', ')}`)
  return { factoryAddress: config.factoryAddress as Hex, settlerPrivateKey: config.settlerPrivateKey as Hex }
}

/**
 * Makes the data directory private before anything is written to it: created 0700 (or narrowed to
 * 0700 if it exists), and the process umask set to 077 so every file in it (database, keys,
 * receipts) is readable by the service's user only.
 */
export function preparePrivateDataDir(dataDir: string): void {
  process.umask(0o077)
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  chmodSync(dataDir, 0o700)
}
