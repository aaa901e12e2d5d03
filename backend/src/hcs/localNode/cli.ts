/**
 * Runs the local HCS node as its own process, for the start script:
 *
 *   node backend/src/hcs/localNode/cli.ts --db data/hcs.sqlite [--grpc-port 50211] [--mirror-port 5551] [--host 127.0.0.1]
 *
 * Prints one JSON line on stdout once both servers listen:
 * `{"grpcEndpoint","nodeAccountId","mirrorUrl","operatorId","operatorKey"}` (the key is this
 * local network's genesis key, DER hex). Logs go to stderr. SIGINT/SIGTERM stop it cleanly.
 */

import { parseArgs } from 'node:util'
import { errorMessage } from '@veritree/core/errors'
import { pino } from 'pino'
import { startLocalHcsNode } from './startLocalHcsNode.ts'

const USAGE =
  'usage: cli.ts --db <sqlite file> [--grpc-port <port>] [--mirror-port <port>] [--host <address>] [--log-level <level>]'

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number 0..65535, got ${value}`)
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'grpc-port': { type: 'string' },
      'mirror-port': { type: 'string' },
      host: { type: 'string' },
      'log-level': { type: 'string' },
    },
    strict: true,
  })
  if (!values.db) throw new Error(`--db is required\n${USAGE}`)
  const logger = pino({ level: values['log-level'] ?? 'info' }, pino.destination(2))
  const node = await startLocalHcsNode({
    dbPath: values.db,
    grpcPort: port(values['grpc-port'], '--grpc-port'),
    mirrorPort: port(values['mirror-port'], '--mirror-port'),
    host: values.host,
    logger,
  })
  const { close, ...endpoints } = node
  process.stdout.write(`${JSON.stringify(endpoints)}\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping local HCS node')
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'local HCS node did not stop cleanly')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  process.stderr.write(`local HCS node: ${errorMessage(error)}\n`)
  process.exit(1)
})
