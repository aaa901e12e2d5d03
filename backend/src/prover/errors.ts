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

/** What the CLI reports when it refuses an input (exit code 3), see {@link ProverInputTooLargeError}. */
export type TooLargeDetails = {
  cycles: number
  userCycles: number
  segments: number
  /** po2 of the largest segment (2^po2 cycles). */
  segmentPo2: number
  /** Why zkVerify could not accept the receipt, in words. */
  problems: string[]
  /** True when mode 2 was refused on its cycle estimate before executing (counts are the estimate's). */
  estimated: boolean
  limits: {
    maxSegments: number
    maxSegmentBytes: number
    maxPo2: number
    /** The largest segment po2 whose seal fits maxSegmentBytes (below maxPo2; see zkvm-guest/README.md). */
    maxProvablePo2: number
    maxPublicInputsBytes: number
  }
}

/**
 * The prover refused the input before proving (CLI exit code 3): it executes, but its receipt would
 * exceed zkVerify's limits (more than 4 segments, or segments too big), so no retry can ever settle it.
 * The pipeline treats it as "unprovable: test set too large" and refunds, instead of retrying.
 */
export class ProverInputTooLargeError extends VeritreeError<'test_set_too_large'> {
  override name = 'ProverInputTooLargeError'
  readonly command: string
  readonly refusal: TooLargeDetails

  constructor(command: string, refusal: TooLargeDetails) {
    super(
      'test_set_too_large',
      `veritree-prover ${command} refused the input: ${refusal.segments} segment(s) of 2^${refusal.segmentPo2} cycles ` +
        `(${refusal.cycles} cycles); ${refusal.problems.join('; ')}`,
      { details: refusal },
    )
    this.command = command
    this.refusal = refusal
  }
}
