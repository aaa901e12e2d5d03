import type { CertificateBundle } from '@veritree/backend/src/certificate/schema.ts'
import { parseCertificate } from '@veritree/backend/src/certificate/schema.ts'
import { apiFetch } from './client.ts'
import type { Job } from './types.ts'

/**
 * What `GET /certificates/:jobId` gave: a certificate bundle, or (while the job is unfinished or the
 * server cannot build one) the job's raw facts, or a body that is not a valid certificate.
 */
export type CertificateAnswer =
  | { kind: 'certificate'; bundle: CertificateBundle; raw: unknown }
  | { kind: 'pending'; job: Job }
  | { kind: 'invalid'; issues: string[]; raw: unknown }

/** Fetches and parses one sale's public certificate. */
export async function fetchCertificate(jobId: string, signal?: AbortSignal): Promise<CertificateAnswer> {
  const raw = await apiFetch<unknown>(`/certificates/${encodeURIComponent(jobId)}`, { signal })
  if (typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'veritree.job-facts') {
    return { kind: 'pending', job: (raw as { job: Job }).job }
  }
  const parsed = parseCertificate(raw)
  return parsed.ok ? { kind: 'certificate', bundle: parsed.bundle, raw } : { kind: 'invalid', issues: parsed.issues, raw }
}

/**
 * The receipt bytes, when this browser may download them (the customer's session); null otherwise,
 * in which case the receipt-hash check reports itself skipped.
 */
export async function fetchReceiptBytes(url: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  try {
    const response = await fetch(new URL(url, window.location.origin), { credentials: 'same-origin', signal })
    if (!response.ok) return null
    return new Uint8Array(await response.arrayBuffer())
  } catch {
    return null
  }
}
