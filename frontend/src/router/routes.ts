/** Every page of the app, parsed from the hash path. Pure, so it can be unit-tested under node. */
export type Route =
  | { name: 'market' }
  | { name: 'dataset'; id: string }
  | { name: 'buy'; datasetId: string | null }
  | { name: 'job'; jobId: string }
  | { name: 'vendor' }
  | { name: 'certificate'; jobId: string }
  | { name: 'models' }
  | { name: 'feeds' }
  | { name: 'feed'; address: string }
  | { name: 'feedRequest'; requestId: string }
  | { name: 'feedCertificate'; requestId: string }
  | { name: 'notFound'; path: string }

/** Builders for every link, so no page spells a path by hand. */
export const paths = {
  market: (): string => '/',
  dataset: (id: string): string => `/datasets/${encodeURIComponent(id)}`,
  buy: (datasetId?: string): string => (datasetId ? `/buy/${encodeURIComponent(datasetId)}` : '/buy'),
  job: (jobId: string): string => `/jobs/${encodeURIComponent(jobId)}`,
  vendor: (): string => '/vendor',
  certificate: (jobId: string): string => `/certificates/${encodeURIComponent(jobId)}`,
  models: (): string => '/models',
  feeds: (): string => '/feeds',
  feed: (address: string): string => `/feeds/${encodeURIComponent(address)}`,
  feedRequest: (requestId: string): string => `/feed-requests/${encodeURIComponent(requestId)}`,
  feedCertificate: (requestId: string): string => `/feed-certificates/${encodeURIComponent(requestId)}`,
}

/**
 * Parses a path such as `/datasets/3` into a {@link Route}. Unknown paths give `notFound` rather than
 * throwing, so a mistyped link shows a page with a way back.
 *
 * @example
 * parseRoute('/certificates/0xabc') // { name: 'certificate', jobId: '0xabc' }
 */
export function parseRoute(path: string): Route {
  const parts =
    path
      .split('?')[0]
      ?.split('/')
      .filter((part) => part !== '') ?? []
  let decoded: string[]
  try {
    decoded = parts.map((part) => decodeURIComponent(part))
  } catch {
    return { name: 'notFound', path }
  }
  const [head, arg, ...rest] = decoded
  if (rest.length > 0) return { name: 'notFound', path }
  if (head === undefined) return { name: 'market' }
  if (head === 'datasets' && arg) return { name: 'dataset', id: arg }
  if (head === 'buy') return { name: 'buy', datasetId: arg ?? null }
  if (head === 'jobs' && arg) return { name: 'job', jobId: arg }
  if (head === 'vendor' && arg === undefined) return { name: 'vendor' }
  if (head === 'certificates' && arg) return { name: 'certificate', jobId: arg }
  if (head === 'models' && arg === undefined) return { name: 'models' }
  if (head === 'feeds') return arg ? { name: 'feed', address: arg } : { name: 'feeds' }
  if (head === 'feed-requests' && arg) return { name: 'feedRequest', requestId: arg }
  if (head === 'feed-certificates' && arg) return { name: 'feedCertificate', requestId: arg }
  return { name: 'notFound', path }
}
