import { spawn } from 'node:child_process'
import type { z } from 'zod'
import { ProverFailedError } from './errors.ts'
import { requireProverBin } from './resolveProverBin.ts'

/** One `{"event":"progress",...}` line from the CLI's stderr (e.g. per proven segment). */
export type ProverProgress = { event: 'progress'; stage: string; status?: string; [key: string]: unknown }

/** Options shared by every CLI call. */
export type RunOptions = {
  /** Called for each progress line while the CLI runs. */
  onProgress?: (p: ProverProgress) => void
  /** Aborting kills the process; the call rejects with {@link ProverFailedError}. */
  signal?: AbortSignal
  /** Kill the process after this many ms (default: none). */
  timeoutMs?: number
  /** Extra environment for the CLI (merged over process.env). */
  env?: NodeJS.ProcessEnv
}

const STDERR_TAIL_LINES = 20

/**
 * Runs `veritree-prover <args>`, parses its single-JSON stdout with `schema`, forwards progress.
 *
 * @throws {ProverNotBuiltError} when the binary is missing
 * @throws {ProverFailedError} on non-zero exit, kill, timeout, abort or unexpected output
 */
export function runProver<T>(args: string[], schema: z.ZodType<T>, options: RunOptions = {}): Promise<T> {
  // Keys set to undefined in options.env are removed (e.g. { RISC0_DEV_MODE: undefined }).
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const bin = requireProverBin(env)
  const command = args[0] ?? ''
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(
        new ProverFailedError({
          command,
          exitCode: null,
          signal: null,
          stderrTail: '',
          reason: 'was aborted before it started',
        }),
      )
      return
    }
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    const stdout: Buffer[] = []
    const stderrLines: string[] = []
    let partial = ''
    let killedFor: string | undefined

    const kill = (reason: string) => {
      killedFor ??= reason
      child.kill('SIGKILL')
    }
    const timer = options.timeoutMs
      ? setTimeout(() => kill(`timed out after ${options.timeoutMs} ms`), options.timeoutMs)
      : undefined
    const onAbort = () => kill('was aborted')
    options.signal?.addEventListener('abort', onAbort, { once: true })

    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) handleStderrLine(line)
    })
    const handleStderrLine = (line: string) => {
      if (line.startsWith('{"') && line.includes('"event":"progress"')) {
        try {
          options.onProgress?.(JSON.parse(line) as ProverProgress)
          return
        } catch {
          // Not JSON after all: keep it as a human line.
        }
      }
      if (line.trim() === '') return
      stderrLines.push(line)
      if (stderrLines.length > STDERR_TAIL_LINES) stderrLines.shift()
    }

    child.on('error', (error) => {
      cleanup()
      reject(
        new ProverFailedError({
          command,
          exitCode: null,
          signal: null,
          stderrTail: '',
          reason: `could not start: ${error.message}`,
        }),
      )
    })
    child.on('close', (exitCode, signal) => {
      cleanup()
      if (partial) handleStderrLine(partial)
      const stderrTail = stderrLines.join('\n')
      if (killedFor || exitCode !== 0) {
        reject(new ProverFailedError({ command, exitCode, signal, stderrTail, reason: killedFor }))
        return
      }
      const text = Buffer.concat(stdout).toString('utf8').trim()
      let parsed: unknown
      try {
        parsed = JSON.parse(text)
      } catch {
        reject(
          new ProverFailedError({
            command,
            exitCode,
            signal,
            stderrTail,
            reason: `printed non-JSON output: ${text.slice(0, 200)}`,
          }),
        )
        return
      }
      const result = schema.safeParse(parsed)
      if (!result.success) {
        reject(
          new ProverFailedError({
            command,
            exitCode,
            signal,
            stderrTail,
            reason: `printed unexpected JSON: ${result.error.message}`,
          }),
        )
        return
      }
      resolve(result.data)
    })

    function cleanup() {
      if (timer) clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
    }
  })
}
