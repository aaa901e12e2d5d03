/**
 * The one error base class of the TypeScript side: every error the project throws on purpose carries a
 * stable `code` (what a program switches on), a readable `message`, optional `details` (plain data for
 * JSON bodies and logs) and the `cause` it wraps. `walk()` follows the cause chain, like viem's
 * BaseError, so callers can find the root problem without unwrapping by hand.
 */

export type VeritreeErrorOptions = { cause?: unknown; details?: unknown }

export class VeritreeError<Code extends string = string> extends Error {
  override name = 'VeritreeError'
  readonly code: Code
  readonly details: unknown

  constructor(code: Code, message: string, options: VeritreeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details
  }

  /**
   * Follows `cause` from this error: with `match`, returns the first error in the chain it accepts
   * (or null); without, returns the deepest cause.
   *
   * @example err.walk((e) => e instanceof HcsError)
   */
  walk(match?: (error: unknown) => boolean): unknown {
    return walkErrors(this, match)
  }
}

/** {@link VeritreeError.walk} for any thrown value. Stops on cycles. */
export function walkErrors(error: unknown, match?: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current !== undefined && !seen.has(current)) {
    if (match?.(current)) return current
    seen.add(current)
    const next = current instanceof Error ? current.cause : undefined
    if (next === undefined) return match ? null : current
    current = next
  }
  return match ? null : current
}

/**
 * A readable one-line text for any thrown value (an Error's message, a string as is, anything else as
 * JSON): the one place that turns `unknown` into a message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}
