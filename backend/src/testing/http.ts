/**
 * Test support: a tiny HTTP client that keeps the session cookie and checks every JSON answer against
 * the API schemas (`@veritree/core/api`), and SIWE sign-in.
 */
import { apiResponseProblems } from '@veritree/core/api'
import { createSiweMessage } from 'viem/siwe'
import type { TestWallet } from './chain.ts'

// biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
export type TestResponse<T = any> = { status: number; body: T; headers: Headers; raw: Buffer }

export type TestClient = {
  cookie: string | null
  // biome-ignore lint/suspicious/noExplicitAny: as above
  request<T = any>(
    method: string,
    path: string,
    options?: { body?: string | Uint8Array | object; contentType?: string; headers?: Record<string, string> },
  ): Promise<TestResponse<T>>
}

export function testClient(baseUrl: string, clientOptions: { timeoutMs?: number } = {}): TestClient {
  const client: TestClient = {
    cookie: null,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers }
      if (client.cookie) headers.cookie = client.cookie
      let body: string | Uint8Array | undefined
      if (options.body !== undefined) {
        const raw = typeof options.body === 'string' || options.body instanceof Uint8Array
        body = raw ? (options.body as string | Uint8Array) : JSON.stringify(options.body)
        headers['content-type'] = options.contentType ?? (raw ? 'text/csv' : 'application/json')
      }
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: body as string }),
        signal: AbortSignal.timeout(clientOptions.timeoutMs ?? 120_000),
      })
      const setCookie = res.headers.get('set-cookie')
      if (setCookie) client.cookie = setCookie.split(';')[0] ?? null
      const raw = Buffer.from(await res.arrayBuffer())
      const type = res.headers.get('content-type') ?? ''
      const parsed =
        type.includes('json') && raw.length > 0 ? JSON.parse(raw.toString('utf8')) : raw.toString('utf8')
      // Every JSON answer must match its route's schema (or the error shape): drift fails the test.
      if (type.includes('json') && raw.length > 0) {
        const problems = apiResponseProblems(method, path, res.status, parsed)
        if (problems.length > 0)
          throw new Error(`response does not match the API schema:\n${problems.join('\n')}`)
      }
      return { status: res.status, body: parsed, headers: res.headers, raw }
    },
  }
  return client
}

export const TEST_ORIGIN = 'http://127.0.0.1:5173'

/** Signs in `wallet` through GET /auth/nonce + POST /auth/verify; the client keeps the cookie. */
export async function signIn(
  client: TestClient,
  wallet: TestWallet,
  chainId: number,
  overrides: { domain?: string; uri?: string; chainId?: number } = {},
): Promise<TestResponse> {
  const { body } = await client.request('GET', '/auth/nonce')
  const message = createSiweMessage({
    address: wallet.account.address,
    chainId: overrides.chainId ?? chainId,
    domain: overrides.domain ?? new URL(TEST_ORIGIN).host,
    nonce: body.nonce,
    uri: overrides.uri ?? TEST_ORIGIN,
    version: '1',
    statement: 'Sign in to Veritree',
  })
  const signature = await wallet.signMessage({ message })
  return client.request('POST', '/auth/verify', { body: { message, signature } })
}
