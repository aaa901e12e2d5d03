import type { FeedDetail, FeedInputs, FeedRequestView, FeedView, Job } from '@veritree/core/api'
import type { Address } from 'viem'
import { apiFetch } from './client.ts'

/** Every listed feed, or those of one owner. */
export async function fetchFeeds(owner?: Address, signal?: AbortSignal): Promise<FeedView[]> {
  return (await apiFetch<{ feeds: FeedView[] }>('/feeds', { signal, query: { owner } })).feeds
}

/** One feed and its most recent requests. */
export function fetchFeed(address: string, signal?: AbortSignal): Promise<FeedDetail> {
  return apiFetch<FeedDetail>(`/feeds/${encodeURIComponent(address)}`, { signal })
}

/** One paid request: its state and, once settled, its predictions and certificate. */
export function fetchFeedRequest(requestId: string, signal?: AbortSignal): Promise<FeedRequestView> {
  return apiFetch<FeedRequestView>(`/feed-requests/${encodeURIComponent(requestId)}`, { signal })
}

/** The signed-in customer's jobs (their bought models among them). */
export async function fetchMyJobs(signal?: AbortSignal): Promise<Job[]> {
  return (await apiFetch<{ jobs: Job[] }>('/jobs', { signal, query: { mine: 1 } })).jobs
}

/**
 * Sends the input rows (signed-in session). The server stores them under their hash, so it can prove
 * the request once paid, and answers what to pass to `requestPredictions`.
 */
export function uploadFeedInputs(feed: Address, csv: string): Promise<FeedInputs> {
  return apiFetch<FeedInputs>(`/feeds/${encodeURIComponent(feed)}/inputs`, { method: 'POST', csv })
}
