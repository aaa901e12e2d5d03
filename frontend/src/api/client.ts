import { ApiError, ApiErrorBodySchema } from '@veritree/core/api'

/** An error answered by the API, or met on the way to it (`network`, `bad_response`; status 0 when none). */
export { ApiError } from '@veritree/core/api'

/** Where the API lives: same origin, under /api (the dev server proxies it). */
export const API_PREFIX = '/api'

type ApiInit = Omit<RequestInit, 'body'> & {
  /** JSON body (sent as application/json). */
  json?: unknown
  /** CSV text body (sent as text/csv). */
  csv?: string
  /** Query string parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>
}

/**
 * Calls the API and returns its JSON answer, or throws an {@link ApiError} carrying the API's own
 * message, so pages can show it as is.
 *
 * @example
 * const { datasets } = await apiFetch<{ datasets: Dataset[] }>('/datasets')
 */
export async function apiFetch<T>(path: string, init: ApiInit = {}): Promise<T> {
  const { json, csv, query, headers, ...rest } = init
  const url = new URL(`${API_PREFIX}${path}`, window.location.origin)
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value))
  }
  const body = json !== undefined ? JSON.stringify(json) : csv
  const contentType = json !== undefined ? 'application/json' : csv !== undefined ? 'text/csv' : undefined
  let response: Response
  try {
    response = await fetch(url, {
      credentials: 'same-origin',
      ...rest,
      headers: {
        accept: 'application/json',
        ...(contentType ? { 'content-type': contentType } : {}),
        ...headers,
      },
      body,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(
      0,
      'network',
      'Cannot reach the Veritree server. Check your connection and try again.',
      undefined,
      { cause },
    )
  }
  const text = await response.text()
  let parsed: unknown = null
  if (text !== '') {
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new ApiError(
        response.status,
        'bad_response',
        `The server answered ${response.status} with something that is not JSON.`,
      )
    }
  }
  if (!response.ok) throw errorFromBody(parsed, response.status)
  return parsed as T
}

function errorFromBody(body: unknown, status: number): ApiError {
  const parsed = ApiErrorBodySchema.safeParse(body)
  if (parsed.success) {
    const { code, message } = parsed.data.error
    return new ApiError(status, code, message)
  }
  return new ApiError(status, 'http_error', `The server answered ${status}.`)
}

/** Downloads an API resource as a file named `filename` (uses the session cookie). */
export async function downloadFromApi(path: string, filename: string): Promise<void> {
  let response: Response
  try {
    response = await fetch(`${API_PREFIX}${path}`, { credentials: 'same-origin' })
  } catch (cause) {
    throw new ApiError(
      0,
      'network',
      'Cannot reach the Veritree server. Check your connection and try again.',
      undefined,
      { cause },
    )
  }
  if (!response.ok) {
    const text = await response.text()
    let parsed: unknown = null
    try {
      parsed = JSON.parse(text)
    } catch {
      // Not JSON: fall through to the status-only message.
    }
    throw errorFromBody(parsed, response.status)
  }
  const blob = await response.blob()
  const href = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = href
  anchor.download = filename
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}
