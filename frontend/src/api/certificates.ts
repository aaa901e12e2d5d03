import type { Job, JobState } from '@veritree/core/api'
import type { CertificateBundle } from '@veritree/core/certificate'
import { parseCertificate } from '@veritree/core/certificate'
import { API_PREFIX, ApiError, apiFetch } from './client.ts'

/**
 * What `GET /certificates/:jobId` gave: a certificate bundle, or the state of a job that has none
 * yet (409 certificate_not_ready), or a body that is not a valid certificate.
 */
export type CertificateAnswer =
  | { kind: 'certificate'; bundle: CertificateBundle; raw: unknown }
  | { kind: 'pending'; state: JobState | 'unknown'; message: string }
  | { kind: 'invalid'; issues: string[]; raw: unknown }

/** Fetches and parses one sale's public certificate. */
export async function fetchCertificate(jobId: string, signal?: AbortSignal): Promise<CertificateAnswer> {
  let raw: unknown
  try {
    raw = await apiFetch<unknown>(`/certificates/${encodeURIComponent(jobId)}`, { signal })
  } catch (error) {
    if (error instanceof ApiError && error.code === 'certificate_not_ready') {
      // Error answers carry no details: the job's own view says where it stands.
      const job = await apiFetch<Job>(`/jobs/${encodeURIComponent(jobId)}`, { signal }).catch(() => null)
      return { kind: 'pending', state: job?.state ?? 'unknown', message: error.message }
    }
    throw error
  }
  const parsed = parseCertificate(raw)
  return parsed.ok
    ? { kind: 'certificate', bundle: parsed.bundle, raw }
    : { kind: 'invalid', issues: parsed.issues, raw }
}

/**
 * The receipt bytes, when this browser may download them (the customer's session); null otherwise,
 * in which case the receipt-hash check reports itself skipped.
 */
export async function fetchReceiptBytes(url: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  // The bundle names the receipt relative to the API (`/jobs/…/receipt`); the API is under /api here.
  const path = /^https?:/.test(url) || url.startsWith(`${API_PREFIX}/`) ? url : `${API_PREFIX}${url}`
  try {
    const response = await fetch(new URL(path, window.location.origin), {
      credentials: 'same-origin',
      signal,
    })
    if (!response.ok) return null
    return new Uint8Array(await response.arrayBuffer())
  } catch {
    return null
  }
}
