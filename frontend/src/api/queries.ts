import { queryOptions } from '@tanstack/react-query'
import type { CurvePoint, Dataset, DatasetDetail, Health, Job, Me, VendorDataset } from '@veritree/core/api'
import type { Address } from 'viem'
import { fetchCertificate } from './certificates.ts'
import { ApiError, apiFetch } from './client.ts'
import { fetchFeed, fetchFeedRequest, fetchFeeds, fetchMyJobs } from './feeds.ts'

// Query-options factories: each key is a constant prefix plus its arguments, so a mutation can
// invalidate a whole family (e.g. every ['datasets', ...]) after it changes the server's state.

export const keys = {
  health: ['health'] as const,
  me: ['me'] as const,
  datasets: ['datasets'] as const,
  dataset: (id: number) => ['datasets', id] as const,
  curve: (id: number, points: number) => ['datasets', id, 'curve', points] as const,
  vendorDatasets: ['vendor', 'datasets'] as const,
  job: (jobId: string) => ['jobs', jobId] as const,
  certificate: (jobId: string) => ['certificates', jobId] as const,
  myJobs: ['jobs', 'mine'] as const,
  feeds: ['feeds'] as const,
  feedList: (owner: string | null) => ['feeds', 'list', owner?.toLowerCase() ?? 'all'] as const,
  feed: (address: string) => ['feeds', address.toLowerCase()] as const,
  feedRequest: (requestId: string) => ['feed-requests', requestId.toLowerCase()] as const,
}

/** Chain id, RPC URL and attestation modes; fixed for the life of a server. */
export const healthQuery = () =>
  queryOptions({
    queryKey: keys.health,
    queryFn: ({ signal }) => apiFetch<Health>('/health', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })

/** The signed-in address (SIWE session cookie), or null. */
export const meQuery = () =>
  queryOptions({
    queryKey: keys.me,
    queryFn: async ({ signal }): Promise<Me> => {
      try {
        return await apiFetch<Me>('/auth/me', { signal })
      } catch (error) {
        // 401 is the ordinary "not signed in" answer, not a failure.
        if (error instanceof ApiError && error.status === 401) return { address: null }
        throw error
      }
    },
  })

export const datasetsQuery = () =>
  queryOptions({
    queryKey: keys.datasets,
    queryFn: async ({ signal }) =>
      (await apiFetch<{ datasets: Dataset[] }>('/datasets', { signal })).datasets,
  })

export const datasetQuery = (id: number) =>
  queryOptions({
    queryKey: keys.dataset(id),
    queryFn: ({ signal }) => apiFetch<DatasetDetail>(`/datasets/${id}`, { signal }),
  })

export const curveQuery = (id: number, points: number) =>
  queryOptions({
    queryKey: keys.curve(id, points),
    queryFn: async ({ signal }) =>
      (await apiFetch<{ points: CurvePoint[] }>(`/datasets/${id}/curve`, { signal, query: { points } }))
        .points,
  })

export const vendorDatasetsQuery = () =>
  queryOptions({
    queryKey: keys.vendorDatasets,
    queryFn: async ({ signal }) =>
      (await apiFetch<{ datasets: VendorDataset[] }>('/vendor/datasets', { signal })).datasets,
  })

export const jobQuery = (jobId: string) =>
  queryOptions({
    queryKey: keys.job(jobId),
    queryFn: ({ signal }) => apiFetch<Job>(`/jobs/${jobId}`, { signal }),
  })

export const certificateQuery = (jobId: string) =>
  queryOptions({
    queryKey: keys.certificate(jobId),
    queryFn: ({ signal }) => fetchCertificate(jobId, signal),
  })

/** The signed-in customer's own jobs (`GET /jobs?mine=1`). */
export const myJobsQuery = () =>
  queryOptions({ queryKey: keys.myJobs, queryFn: ({ signal }) => fetchMyJobs(signal) })

/** Listed inference feeds: all of them, or one owner's. */
export const feedsQuery = (owner: Address | null = null) =>
  queryOptions({
    queryKey: keys.feedList(owner),
    queryFn: ({ signal }) => fetchFeeds(owner ?? undefined, signal),
  })

export const feedQuery = (address: string) =>
  queryOptions({ queryKey: keys.feed(address), queryFn: ({ signal }) => fetchFeed(address, signal) })

export const feedRequestQuery = (requestId: string) =>
  queryOptions({
    queryKey: keys.feedRequest(requestId),
    queryFn: ({ signal }) => fetchFeedRequest(requestId, signal),
  })
