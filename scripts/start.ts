import { resolve } from 'node:path'
import { startStack } from './devnet/stack.ts'

// `npm start`: the whole marketplace on its local defaults. Everything it keeps lives in VERITREE_DATA_DIR
// (default .data/), so stopping and starting again picks up where it left off.
const dataDir = resolve(process.env.VERITREE_DATA_DIR ?? '.data')
const log = (message: string) => process.stdout.write(`[veritree] ${message}\n`)

try {
  const stack = await startStack({ dataDir, log, port: Number(process.env.VERITREE_PORT ?? 8787) })
  log('')
  log(`Veritree is running at ${stack.url}`)
  log(`  wallet RPC  ${stack.rpcUrl}  (chain id ${stack.chainId}; Hardhat's dev accounts are funded)`)
  log(`  HCS mirror  ${stack.mirrorUrl}/api/v1/topics/…/messages`)
  log(`  data        ${dataDir}`)
  log('Press Ctrl-C to stop.')
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log(`${signal}: stopping…`)
    await stack.close()
    log('stopped; the data is kept.')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
} catch (error) {
  process.stderr.write(`[veritree] failed to start: ${(error as Error).message}\n`)
  process.exit(1)
}
