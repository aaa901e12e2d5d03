import type { Logger } from 'pino'
import type { Address, Hex, PublicClient } from 'viem'
import type { PreviewBudget, Store } from './db/index.ts'
import type { FeedInputsLimits } from './feeds/limits.ts'
import type { ConnectionLimits } from './http/connectionLimits.ts'
import type { RateLimits } from './http/rateLimit.ts'
import type { JobEvents } from './jobs/events.ts'
import type { TrainingQueue } from './training/index.ts'
import type { DataKey } from './vault/dataKey.ts'

/** Everything the HTTP app needs, injected so tests wire real pieces in-process. */
export type AppDeps = {
  store: Store
  dataKey: DataKey
  logger: Logger
  publicClient: PublicClient
  chainId: number
  factory: Address | null
  /** Origins the frontend is served from (SIWE domain/URI check). */
  origins: string[]
  /** Set the Secure flag on the session cookie (when served over https). */
  secureCookies: boolean
  maxUploadBytes: number
  /** Feed inputs: the grace period and each wallet's quota of unpaid uploads (default DEFAULT_FEED_INPUTS_LIMITS). */
  feedInputs?: FeedInputsLimits
  quoteTtlSeconds: number
  trainTimeoutMs: number
  rateLimits: RateLimits
  /** Previews per wallet and per dataset per window (default DEFAULT_PREVIEW_BUDGET: 20 and 200 a day). */
  previewBudget?: PreviewBudget
  /** The training queue previews share with paid jobs (default: the process-wide one). */
  trainingQueue?: TrainingQueue
  /** Environment for the Rust trainer CLI on top of process.env's (e.g. VERITREE_PROVER_BIN; tests). */
  proverEnv?: NodeJS.ProcessEnv
  /** Caps on SSE streams and outstanding sign-in nonces (default DEFAULT_CONNECTION_LIMITS). */
  connectionLimits?: Partial<ConnectionLimits>
  events: JobEvents
  /** The prover's image id, or null when the prover is not built. */
  imageId: () => Promise<Hex | null>
  zkVerifyMode: 'local' | 'zkverify'
  hcsNetwork: 'local' | 'testnet' | 'mainnet'
  /** Advertised in /health so a visitor without a wallet can still run the certificate's chain checks. */
  publicRpcUrl?: string
}
