/**
 * Which schema each JSON-answering route's success body follows, keyed like the OpenAPI paths. The
 * OpenAPI document takes its response schemas from here, and the backend's test client validates every
 * JSON answer against it, so a route that drifts from its schema fails the tests.
 */
import { z } from 'zod'
import { certificateBundleSchema } from '../certificate/schema.ts'
import {
  FeedCertificateSchema,
  FeedDetailSchema,
  FeedInputsSchema,
  FeedListSchema,
  FeedRequestViewSchema,
  FeedViewSchema,
} from './feedSchemas.ts'
import {
  ApiErrorBodySchema,
  CurveResponseSchema,
  DatasetCreatedSchema,
  DatasetDetailSchema,
  DatasetListSchema,
  DatasetViewSchema,
  HealthSchema,
  JobListSchema,
  JobProgressSchema,
  JobViewSchema,
  MeSchema,
  ModelDownloadSchema,
  NonceSchema,
  PreviewSchema,
  VendorDatasetListSchema,
  VendorDatasetSchema,
} from './schemas.ts'

/** `"METHOD /openapi/{path}"` → the schema of its JSON success body. */
export const API_RESPONSES = {
  'GET /health': HealthSchema,
  'GET /openapi.json': z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
  'GET /auth/nonce': NonceSchema,
  'POST /auth/verify': MeSchema,
  'GET /auth/me': MeSchema,
  'GET /datasets': DatasetListSchema,
  'POST /datasets': DatasetCreatedSchema,
  'GET /datasets/{id}': DatasetDetailSchema,
  'GET /datasets/{id}/curve': CurveResponseSchema,
  'POST /datasets/{id}/preview': PreviewSchema,
  'GET /jobs': JobListSchema,
  'GET /jobs/{jobId}': JobViewSchema,
  'GET /jobs/{jobId}/model': ModelDownloadSchema,
  'GET /certificates/{jobId}': certificateBundleSchema,
  'GET /vendor/datasets': VendorDatasetListSchema,
  'GET /feeds': FeedListSchema,
  'GET /feeds/{address}': FeedDetailSchema,
  'POST /feeds/{address}/inputs': FeedInputsSchema,
  'GET /feed-requests/{requestId}': FeedRequestViewSchema,
  'GET /feed-certificates/{requestId}': FeedCertificateSchema,
} as const satisfies Record<string, z.ZodType>
export type ApiRoute = keyof typeof API_RESPONSES

/** Schemas the OpenAPI document lists under `components.schemas`, by name. */
export const API_COMPONENTS = {
  Error: ApiErrorBodySchema,
  Dataset: DatasetViewSchema,
  VendorDataset: VendorDatasetSchema,
  Preview: PreviewSchema,
  Job: JobViewSchema,
  JobProgress: JobProgressSchema,
  Health: HealthSchema,
  Certificate: certificateBundleSchema,
  Feed: FeedViewSchema,
  FeedRequest: FeedRequestViewSchema,
  FeedCertificate: FeedCertificateSchema,
} as const satisfies Record<string, z.ZodType>

const routePatterns = Object.keys(API_RESPONSES).map((key) => {
  const [method, path] = key.split(' ') as [string, string]
  const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+').replace(/\./g, '\\.')}$`)
  return { key: key as ApiRoute, method, pattern }
})

/** The route key a request hits (`GET /jobs/0xab…` → `GET /jobs/{jobId}`), or null. */
export function apiRouteOf(method: string, path: string): ApiRoute | null {
  const bare = path.split('?')[0] ?? path
  const found = routePatterns.find((r) => r.method === method.toUpperCase() && r.pattern.test(bare))
  return found?.key ?? null
}

/**
 * Checks one JSON answer against its schema: the route's for 2xx, the error shape otherwise. Returns
 * the problems found (empty when it matches); a JSON answer from a route with no schema is a problem.
 */
export function apiResponseProblems(method: string, path: string, status: number, body: unknown): string[] {
  const route = apiRouteOf(method, path)
  const schema: z.ZodType | null =
    status >= 400 ? ApiErrorBodySchema : route === null ? null : API_RESPONSES[route]
  if (!schema) return [`${method} ${path} answered JSON but no schema in API_RESPONSES covers it`]
  const result = schema.safeParse(body)
  if (result.success) return []
  return result.error.issues.map(
    (i) => `${method} ${path} (${status}) ${i.path.join('.') || '(root)'}: ${i.message}`,
  )
}
