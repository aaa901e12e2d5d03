/**
 * Delay before retry number `attempt` (1-based): doubling from `baseDelayMs`, capped at `maxDelayMs`.
 * retryDelayMs = min(baseDelayMs × 2^(attempt − 1), maxDelayMs)
 */
export function retryDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs)
}
