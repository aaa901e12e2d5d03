// Remembers, for this tab, which jobs were just paid here, so the job page can tell "the server has not
// indexed this payment yet" (wait) from "no such job" (say so at once).

const key = (jobId: string): string => `veritree.paid.${jobId.toLowerCase()}`

/** Records that this tab just paid for `jobId`. */
export function markPaid(jobId: string, now = Date.now()): void {
  try {
    sessionStorage.setItem(key(jobId), String(now))
  } catch {
    // Storage can be disabled; the job page then reports a 404 at once, which is still correct.
  }
}

/** When this tab paid for `jobId`, or undefined. */
export function paidAt(jobId: string): number | undefined {
  try {
    const value = sessionStorage.getItem(key(jobId))
    return value === null ? undefined : Number(value)
  } catch {
    return undefined
  }
}
