/**
 * Test support: runs `src/main.ts` as a child process (the real service wiring) and reports the URL it
 * listens on. `kill()` imitates a crash: SIGKILL for the service and for the prover it spawned.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'main.ts')

export type BackendProcess = {
  url: string
  child: ChildProcess
  logs: string[]
  kill(): void
  stop(): Promise<void>
}

export async function startBackendProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<BackendProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: string[] = []
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`backend did not start within ${timeoutMs} ms:\n${logs.slice(-20).join('\n')}`)),
      timeoutMs,
    )
    let partial = ''
    const onData = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        logs.push(line)
        if (line.includes('veritree backend listening')) {
          clearTimeout(timer)
          resolve((JSON.parse(line) as { url: string }).url)
        }
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`backend exited with code ${code} before listening:\n${logs.slice(-20).join('\n')}`))
    })
  })
  return {
    url,
    child,
    logs,
    kill() {
      // The prover is the service's child: a real crash would orphan it, so end it too, by pid.
      for (const pid of childPids(child.pid ?? -1)) process.kill(pid, 'SIGKILL')
      child.kill('SIGKILL')
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    },
  }
}

/** Direct children of `pid`, from /proc (Linux). */
function childPids(pid: number): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}
