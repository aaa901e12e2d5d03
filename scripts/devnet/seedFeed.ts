import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import type { FeedListSchema, JobViewSchema, PreviewSchema } from '@veritree/core/api'
import { type Address, type Hex, type PublicClient, parseEventLogs, parseGwei } from 'viem'
import type { z } from 'zod'
import { signedInClient } from './apiClient.ts'
import type { DevWallet } from './clients.ts'
import { irisDataset, sampleRows } from './demoData.ts'

/** The demo feed's price: 0.0001 ETH per prediction. */
export const DEMO_PRICE_PER_PREDICTION = parseGwei('100000')
/** The demo sale's settings: a shallow iris tree that must reach 80 % on the demo test set. */
const DEMO_SALE = { maxDepth: '3', minLeafSize: '5', gainThreshold: '0.01', thresholdBps: '8000' } as const
/** A real proof of the demo sale takes a minute or two; past this the seed gives up and says so. */
const SALE_TIMEOUT_MS = 30 * 60_000

type Preview = z.output<typeof PreviewSchema>
type JobView = z.output<typeof JobViewSchema>
type FeedList = z.output<typeof FeedListSchema>

/**
 * Seeds the demo's inference feed (issue 12) the way users make one: a demo buyer previews the iris
 * dataset, pays for a model with the preview's terms, waits until the backend has proven, verified
 * and settled the sale (a real RISC Zero proof), then lists the bought model as a feed from its own
 * wallet and waits until the backend has linked it. The stack runs this in the background, so the
 * site is usable at once; each step is logged.
 */
export async function seedDemoFeed(options: {
  apiUrl: string
  origin: string
  chainId: number
  factory: Address
  publicClient: PublicClient
  buyer: DevWallet
  log: (message: string) => void
  /** Aborted when the stack closes: the waits stop at once. */
  signal: AbortSignal
}): Promise<Address> {
  const { buyer, log, publicClient } = options
  const api = await signedInClient({ ...options, account: buyer.account })
  const iris = irisDataset()
  const { datasets } = await api.get<{ datasets: { id: number; name: string; market: Address | null }[] }>(
    '/datasets',
  )
  const dataset = datasets.find((d) => d.name === iris.name && d.market)
  if (!dataset) throw new Error(`the demo dataset "${iris.name}" is not listed`)

  // Every third iris row: 50 rows, the smallest test set a preview takes.
  const preview = await api.post<Preview>(
    `/datasets/${dataset.id}/preview?${new URLSearchParams(DEMO_SALE)}`,
    sampleRows(iris, 3),
    'text/csv',
  )
  if (!preview.met || !preview.market || preview.price === null)
    throw new Error(`the demo preview did not quote a sale that meets its threshold (met: ${preview.met})`)
  const price = BigInt(preview.price)
  const hash = await buyer.writeContract({
    address: preview.market,
    abi: datasetMarketAbi,
    functionName: 'openJob',
    args: [
      { ...preview.terms, quoteExpiresAt: BigInt(preview.terms.quoteExpiresAt), journalFormat: 1 },
      price,
    ],
    value: price,
  })
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  const [opened] = parseEventLogs({ abi: datasetMarketAbi, eventName: 'JobOpened', logs: receipt.logs })
  if (receipt.status !== 'success' || !opened) throw new Error(`the demo payment ${hash} did not open a job`)
  const jobId: Hex = opened.args.jobId
  log(`demo feed: bought an iris model (job ${jobId}); the backend is proving it`)

  const job = await poll(
    async () => {
      const view = await api.get<JobView>(`/jobs/${jobId}`).catch(() => null)
      return view && ['done', 'refunded', 'failed'].includes(view.state) ? view : null
    },
    SALE_TIMEOUT_MS,
    `the demo sale ${jobId} to settle`,
    options.signal,
  )
  if (job.state !== 'done') throw new Error(`the demo sale ended ${job.state}, so there is no model to list`)

  const listed = await buyer.writeContract({
    address: options.factory,
    abi: datasetFactoryAbi,
    functionName: 'createFeed',
    args: [preview.market, jobId, DEMO_PRICE_PER_PREDICTION],
  })
  await publicClient.waitForTransactionReceipt({ hash: listed })
  const feed = await poll(
    async () => {
      const { feeds } = await api.get<FeedList>(`/feeds?owner=${buyer.account.address}`)
      return feeds.find((f) => f.saleJobId.toLowerCase() === jobId.toLowerCase())?.address ?? null
    },
    60_000,
    'the backend to link the demo feed',
    options.signal,
  )
  log(`demo feed: listed the iris model as feed ${feed} at 0.0001 ETH per prediction`)
  return feed
}

async function poll<T>(
  read: () => Promise<T | null>,
  timeoutMs: number,
  what: string,
  signal: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    signal.throwIfAborted()
    const value = await read()
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}
