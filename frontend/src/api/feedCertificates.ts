import { type FeedCertificate, FeedCertificateSchema, type FeedRequestState } from '@veritree/core/api'
import { ApiError, apiFetch } from './client.ts'
import { fetchFeedRequest } from './feeds.ts'

/**
 * What `GET /feed-certificates/:requestId` gave: a certificate, or the state of a request that has
 * none yet (409 certificate_not_ready), or a body that is not a valid certificate.
 */
export type FeedCertificateAnswer =
  | { kind: 'certificate'; certificate: FeedCertificate; raw: unknown }
  | { kind: 'pending'; state: FeedRequestState | 'unknown'; message: string }
  | { kind: 'invalid'; issues: string[]; raw: unknown }

/** Fetches and parses one request's public certificate. */
export async function fetchFeedCertificate(
  requestId: string,
  signal?: AbortSignal,
): Promise<FeedCertificateAnswer> {
  let raw: unknown
  try {
    raw = await apiFetch<unknown>(`/feed-certificates/${encodeURIComponent(requestId)}`, { signal })
  } catch (error) {
    if (error instanceof ApiError && error.code === 'certificate_not_ready') {
      const request = await fetchFeedRequest(requestId, signal).catch(() => null)
      return { kind: 'pending', state: request?.state ?? 'unknown', message: error.message }
    }
    throw error
  }
  const parsed = FeedCertificateSchema.safeParse(raw)
  return parsed.success
    ? { kind: 'certificate', certificate: parsed.data, raw }
    : {
        kind: 'invalid',
        issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
        raw,
      }
}
