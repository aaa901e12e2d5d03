/** The `veritree-prover` binary is not where we looked. */
import { VeritreeError } from '@veritree/core/errors'

export class ProverNotBuiltError extends VeritreeError<'prover_not_built'> {
  override name = 'ProverNotBuiltError'
  readonly binPath: string

  constructor(binPath: string) {
    super(
      'prover_not_built',
      `veritree-prover not found at ${binPath}. Build it with \`bash scripts/build-zkvm.sh\`` +
        ' (or point VERITREE_PROVER_BIN at an existing binary).',
      { details: { binPath } },
    )
    this.binPath = binPath
  }
}

/** The prover ran but failed: bad input, a guest rejection, a failed proof, a timeout or an abort. */
export class ProverFailedError extends VeritreeError<'prover_failed'> {
  override name = 'ProverFailedError'
  /** Process exit code, or null when it was killed by a signal. */
  readonly exitCode: number | null
  /** The signal that killed it, if any (timeouts and aborts send SIGKILL). */
  readonly signal: NodeJS.Signals | null
  /** Last lines of stderr (the CLI's human error message is the last line). */
  readonly stderrTail: string
  readonly command: string

  constructor(options: {
    command: string
    exitCode: number | null
    signal: NodeJS.Signals | null
    stderrTail: string
    reason?: string
  }) {
    const why =
      options.reason ??
      (options.exitCode !== null ? `exited with code ${options.exitCode}` : `was killed by ${options.signal}`)
    super(
      'prover_failed',
      `veritree-prover ${options.command} ${why}${options.stderrTail ? `:\n${options.stderrTail}` : ''}`,
      { details: { command: options.command, exitCode: options.exitCode, signal: options.signal } },
    )
    this.exitCode = options.exitCode
    this.signal = options.signal
    this.stderrTail = options.stderrTail
    this.command = options.command
  }
}
