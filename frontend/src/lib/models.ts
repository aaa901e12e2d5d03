import type { FeedRequestState, FeedView, Job } from '@veritree/core/api'

/** A model the signed-in customer bought, with the feed that sells its predictions once listed. */
export type BoughtModel = { job: Job; feed: FeedView | null }

/**
 * The customer's bought models: jobs settled on-chain with the threshold met (what
 * `DatasetFactory.createFeed` accepts), newest first, each matched with its feed by (market, job id).
 *
 * @example
 * boughtModels(jobs, feeds) // [{ job, feed: null }, …]
 */
export function boughtModels(jobs: Job[], feeds: FeedView[]): BoughtModel[] {
  const feedOf = new Map(feeds.map((f) => [saleKey(f.market, f.saleJobId), f]))
  return jobs
    .filter((job) => job.state === 'done' && job.result?.met === true && job.result.settlement === 'Settled')
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .map((job) => ({ job, feed: feedOf.get(saleKey(job.market, job.jobId)) ?? null }))
}

function saleKey(market: string, jobId: string): string {
  return `${market.toLowerCase()}/${jobId.toLowerCase()}`
}

/** How a request's state reads in a badge: its tone and a short phrase. */
export function requestStateBadge(state: FeedRequestState): {
  tone: 'pass' | 'fail' | 'warn' | 'brand'
  label: string
} {
  switch (state) {
    case 'awaiting_inputs':
      return { tone: 'warn', label: 'awaiting inputs' }
    case 'done':
      return { tone: 'pass', label: 'done' }
    case 'failed':
      return { tone: 'fail', label: 'failed' }
    case 'refunding':
    case 'refunded':
      return { tone: 'warn', label: state }
    default:
      return { tone: 'brand', label: state }
  }
}
