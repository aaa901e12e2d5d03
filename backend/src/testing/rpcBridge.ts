/**
 * Test support: serves an in-process EIP-1193 provider (the Hardhat EDR chain) as HTTP JSON-RPC on an
 * ephemeral 127.0.0.1 port, so a backend child process can use the same chain as the test.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EIP1193Provider } from 'viem'

type RpcRequest = { jsonrpc: '2.0'; id: number | string | null; method: string; params?: unknown[] }

export async function startRpcBridge(
  provider: EIP1193Provider,
): Promise<{ url: string; close(): Promise<void> }> {
  const answer = async (request: RpcRequest) => {
    try {
      const result = await provider.request({
        method: request.method as never,
        params: request.params as never,
      })
      return { jsonrpc: '2.0', id: request.id, result }
    } catch (error) {
      const e = error as { code?: number; message?: string; data?: unknown }
      return {
        jsonrpc: '2.0',
        id: request.id,
        error: {
          code: e.code ?? -32603,
          message: e.message ?? String(error),
          ...(e.data === undefined ? {} : { data: e.data }),
        },
      }
    }
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      let body: RpcRequest | RpcRequest[]
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        res.writeHead(400).end()
        return
      }
      const out = Array.isArray(body) ? await Promise.all(body.map(answer)) : await answer(body)
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
