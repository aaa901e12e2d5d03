import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export type HardhatNode = { url: string; close(): Promise<void> }

/**
 * Starts `hardhat node` (EDR) on an ephemeral loopback port and resolves once it answers JSON-RPC.
 * The node is a child process so that a crash of the chain cannot take the backend down with it.
 */
export async function startHardhatNode(options: {
  dataDir: string
  genesisDate: string
  log?: (line: string) => void
  timeoutMs?: number
}): Promise<HardhatNode> {
  mkdirSync(options.dataDir, { recursive: true })
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules/hardhat/dist/src/cli.js'),
      '--config',
      join(root, 'scripts/devnet/hardhat.config.ts'),
      'node',
      '--hostname',
      '127.0.0.1',
      '--port',
      '0',
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        VERITREE_DEVNET_DIR: options.dataDir,
        VERITREE_GENESIS_DATE: options.genesisDate,
        HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true',
        DO_NOT_TRACK: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`hardhat node did not start within ${options.timeoutMs ?? 60_000} ms:\n${output}`)),
      options.timeoutMs ?? 60_000,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /JSON-RPC server at (http:\/\/[\d.]+:\d+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hardhat node exited with code ${code} before it was ready:\n${output}`))
    })
  })
  // Keep draining its output (transaction logs) so the pipe never fills up and blocks the node.
  child.stdout?.on('data', (chunk: Buffer) => options.log?.(chunk.toString().trimEnd()))
  child.stderr?.on('data', (chunk: Buffer) => options.log?.(chunk.toString().trimEnd()))
  return { url, close: () => stop(child) }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
