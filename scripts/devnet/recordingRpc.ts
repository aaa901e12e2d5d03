import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  appendJournal,
  JOURNALED_METHODS,
  type JournalEntry,
  REFUSED_METHODS,
  readJournal,
} from './chainJournal.ts'

type RpcRequest = { jsonrpc: '2.0'; id?: number | string | null; method: string; params?: unknown[] }
type RpcResponse = { jsonrpc: '2.0'; id?: number | string | null; result?: unknown; error?: unknown }

export type RecordingRpc = { url: string; port: number; replayed: number; close(): Promise<void> }

/**
 * A JSON-RPC front for the local Hardhat node that journals every block-producing request, so the local
 * chain survives a restart: `hardhat node` keeps its state in memory only, and the backend's database
 * (datasets linked to markets, job cursors) must keep matching the chain across `npm start` runs.
 *
 * Block-producing requests are serialised, so the journal order is the chain's order.
 */
export async function startRecordingRpc(options: {
  upstream: string
  journalPath: string
  host?: string
  port?: number
  log?: (message: string) => void
}): Promise<RecordingRpc> {
  const call = async (request: RpcRequest): Promise<RpcResponse> => {
    const response = await fetch(options.upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    })
    return (await response.json()) as RpcResponse
  }
  const rpc = async (method: string, params: unknown[] = []): Promise<unknown> => {
    const response = await call({ jsonrpc: '2.0', id: 1, method, params })
    if (response.error) throw new Error(`${method}: ${JSON.stringify(response.error)}`)
    return response.result
  }
  const latestBlock = async () => {
    const block = (await rpc('eth_getBlockByNumber', ['latest', false])) as {
      number: string
      timestamp: string
    }
    return { block: Number(block.number), timestamp: Number(block.timestamp) }
  }

  const replayed = await replay(readJournal(options.journalPath), rpc, call, latestBlock)
  if (replayed > 0) options.log?.(`replayed ${replayed} journaled chain requests`)

  // Serialise block-producing requests behind one promise chain.
  let tail: Promise<unknown> = Promise.resolve()
  const journaled = (request: RpcRequest): Promise<RpcResponse> => {
    const run = async () => {
      const before = await latestBlock()
      const response = await call(request)
      const after = await latestBlock()
      if (after.block > before.block) {
        const entry: JournalEntry = { method: request.method, params: request.params ?? [], ...after }
        if (response.error) entry.failed = true
        appendJournal(options.journalPath, entry)
      }
      return response
    }
    const result = tail.then(run, run)
    tail = result.catch(() => undefined)
    return result
  }

  const handleOne = (request: RpcRequest): Promise<RpcResponse> => {
    if (REFUSED_METHODS.has(request.method)) {
      return Promise.resolve({
        jsonrpc: '2.0',
        id: request.id,
        error: {
          code: -32601,
          message: `${request.method} is disabled on the Veritree devnet (it breaks restarts)`,
        },
      })
    }
    return JOURNALED_METHODS.has(request.method) ? journaled(request) : call(request)
  }

  const server = createServer((req, res) => {
    void handleHttp(req, res, handleOne, options.log)
  })
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    replayed,
    close: () => closeServer(server),
  }
}

async function replay(
  entries: JournalEntry[],
  rpc: (method: string, params?: unknown[]) => Promise<unknown>,
  call: (request: RpcRequest) => Promise<RpcResponse>,
  latestBlock: () => Promise<{ block: number; timestamp: number }>,
): Promise<number> {
  for (const [i, entry] of entries.entries()) {
    await rpc('evm_setNextBlockTimestamp', [entry.timestamp])
    const response = await call({ jsonrpc: '2.0', id: i, method: entry.method, params: entry.params })
    const now = await latestBlock()
    if (Boolean(response.error) !== Boolean(entry.failed) || now.block !== entry.block) {
      throw new Error(
        `chain journal entry ${i + 1} (${entry.method}) did not replay as recorded ` +
          `(block ${now.block}, expected ${entry.block}; error ${JSON.stringify(response.error ?? null)}). ` +
          'Delete the data directory to start from an empty chain.',
      )
    }
  }
  return entries.length
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  handleOne: (request: RpcRequest) => Promise<RpcResponse>,
  log?: (message: string) => void,
): Promise<void> {
  // Wallets talk to the node from the page's origin; the node itself is bound to loopback.
  res.setHeader('access-control-allow-origin', '*')
  res.setHeader('access-control-allow-headers', 'content-type')
  if (req.method === 'OPTIONS') return void res.writeHead(204).end()
  if (req.method !== 'POST') return void res.writeHead(405).end()
  try {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString()) as RpcRequest | RpcRequest[]
    const result = Array.isArray(body)
      ? await Promise.all(body.map(handleOne)) // viem batches only reads; journaled calls still serialise
      : await handleOne(body)
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
  } catch (error) {
    log?.(`rpc proxy: ${(error as Error).message}`)
    res.writeHead(400, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32700, message: (error as Error).message },
      }),
    )
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
