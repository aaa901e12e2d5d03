import type { Account } from 'viem'
import { createSiweMessage } from 'viem/siwe'

/** A minimal cookie-keeping client of the backend's HTTP API, signed in as one dev account. */
export type ApiClient = {
  get<T>(path: string): Promise<T>
  post<T>(path: string, body: string, contentType: string): Promise<T>
}

export async function signedInClient(options: {
  apiUrl: string
  origin: string
  chainId: number
  account: Account
}): Promise<ApiClient> {
  const { apiUrl, account } = options
  let cookie = ''
  const request = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${apiUrl}${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...(cookie ? { cookie } : {}),
        origin: options.origin,
      },
    })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie) cookie = setCookie.split(';')[0]
    const text = await response.text()
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} -> ${response.status}: ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
  const { nonce } = await request<{ nonce: string }>('/auth/nonce')
  const url = new URL(options.origin)
  const message = createSiweMessage({
    address: account.address,
    chainId: options.chainId,
    domain: url.host,
    uri: url.origin,
    nonce,
    version: '1',
    statement: 'Sign in to Veritree.',
  })
  if (!account.signMessage) throw new Error('dev account cannot sign messages')
  const signature = await account.signMessage({ message })
  await request('/auth/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, signature }),
  })
  return {
    get: (path) => request(path),
    post: (path, body, contentType) =>
      request(path, { method: 'POST', headers: { 'content-type': contentType }, body }),
  }
}
