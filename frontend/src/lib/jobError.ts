/**
 * A job's published error as the page shows it: a stable code and a plain message. The backend sends
 * `{ code, message }` (details stay in its logs); plain text from an older backend is shown as is.
 */
export function describeJobError(error: unknown): { code: string | null; message: string } | null {
  if (error === null || error === undefined) return null
  if (typeof error === 'string') return { code: null, message: error }
  if (typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : null
    return { code, message: error.message }
  }
  return { code: null, message: String(error) }
}
