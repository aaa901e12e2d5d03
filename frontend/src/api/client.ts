/** An error answered by the API (`{ error: { code, message } }`) or met on the way to it. */
import { ApiErrorBodySchema } from '@veritree/core/api'
import { VeritreeError } from '@veritree/core/errors'

export class ApiError extends VeritreeError {
  override readonly name = 'ApiError'
  /** HTTP status, or 0 when no answer arrived. */
  readonly status: number

  /** `code` is the API's stable error code, or `network` / `bad_response` before a JSON answer. */
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(code, message, { details })
    this.status = status
  }
}

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
      'network',
      'Cannot reach the Veritree server. Check your connection and try again.',
      0,
      cause,
    )
  }
  const text = await response.text()
  let parsed: unknown = null
  if (text !== '') {
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new ApiError(
        'bad_response',
        `The server answered ${response.status} with something that is not JSON.`,
        response.status,
      )
    }
  }
  if (!response.ok) throw errorFromBody(parsed, response.status)
  return parsed as T
}

function errorFromBody(body: unknown, status: number): ApiError {
  const parsed = ApiErrorBodySchema.safeParse(body)
  if (parsed.success) {
    const { code, message, details } = parsed.data.error
    return new ApiError(code, message, status, details)
  }
  return new ApiError('http_error', `The server answered ${status}.`, status)
}

/** Downloads an API resource as a file named `filename` (uses the session cookie). */
export async function downloadFromApi(path: string, filename: string): Promise<void> {
  let response: Response
  try {
    response = await fetch(`${API_PREFIX}${path}`, { credentials: 'same-origin' })
  } catch (cause) {
    throw new ApiError(
      'network',
      'Cannot reach the Veritree server. Check your connection and try again.',
      0,
      cause,
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
