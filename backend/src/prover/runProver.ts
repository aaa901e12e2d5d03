import { spawn } from 'node:child_process'
import type { z } from 'zod'
import { ProverFailedError, ProverInputTooLargeError } from './errors.ts'
import { proverEnv } from './proverEnv.ts'
import { requireProverBin } from './resolveProverBin.ts'
import { tooLargeSchema } from './schemas.ts'

/**
 * One `{"event":"progress",...}` line from the CLI's stderr. `prove` emits
 * `{stage:'execute', status:'start'|'done', segments?, cycles?, elapsedMs?}` once, then for every segment
 * `{stage:'prove', status:'start'|'done', segment (0-based), segments, po2, elapsedMs}`.
 */
export type ProverProgress = {
  event: 'progress'
  stage: string
  status?: string
  segment?: number
  segments?: number
  po2?: number
  elapsedMs?: number
  [key: string]: unknown
}

/** Options shared by every CLI call. */
export type RunOptions = {
  /** Called for each progress line while the CLI runs. */
  onProgress?: (p: ProverProgress) => void
  /** Aborting kills the process; the call rejects with {@link ProverFailedError}. */
  signal?: AbortSignal
  /** Kill the process after this many ms (default: none). */
  timeoutMs?: number
  /**
   * Environment for the CLI on top of the minimal one taken from process.env ({@link proverEnv}: risc0's
   * and Rust's variables only, never the backend's secrets). `VERITREE_PROVER_BIN` here or in process.env
   * picks the binary. A key set to undefined is removed.
   */
  env?: NodeJS.ProcessEnv
  /** Bytes written to the CLI's stdin, then closed; without them stdin is closed at once (EOF). */
  stdin?: Uint8Array
}

/** Exit code with which the CLI refuses an input zkVerify could not accept (see {@link ProverInputTooLargeError}). */
export const EXIT_TOO_LARGE = 3

const STDERR_TAIL_LINES = 20

/**
 * Runs `veritree-prover <args>`, parses its single-JSON stdout with `schema`, forwards progress.
 *
 * @throws {ProverNotBuiltError} when the binary is missing
 * @throws {ProverFailedError} on non-zero exit, kill, timeout, abort or unexpected output
 */
export function runProver<T>(args: string[], schema: z.ZodType<T>, options: RunOptions = {}): Promise<T> {
  const bin = requireProverBin({ ...process.env, ...options.env })
  const env = proverEnv(process.env, options.env)
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
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    // A CLI that exits (or is killed) before reading all of stdin gives EPIPE here; its exit code and
    // stderr, reported by 'close', say why, so this error adds nothing. No input: EOF at once.
    child.stdin.on('error', () => {})
    child.stdin.end(options.stdin)
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
      if (!killedFor && exitCode === EXIT_TOO_LARGE) {
        const refusal = tooLargeSchema.safeParse(parseJson(Buffer.concat(stdout).toString('utf8')))
        if (refusal.success) {
          const { error: _error, ...details } = refusal.data
          reject(new ProverInputTooLargeError(command, details))
          return
        }
      }
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
