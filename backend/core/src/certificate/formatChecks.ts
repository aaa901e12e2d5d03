import type { Check } from './check.ts'

const MARK: Record<Check['status'], string> = { pass: '✓', fail: '✗', skipped: '–' }

/**
 * Plain-text report of certificate checks: one line per check (✓ pass, ✗ fail, – skipped) with its
 * detail indented below, then a summary line.
 *
 * @example
 * console.log(formatChecks(await checkCertificate(bundle)))
 */
export function formatChecks(checks: readonly Check<string>[]): string {
  const lines = checks.flatMap((c) => [
    `${MARK[c.status]} ${c.label} [${c.id}]`,
    ...c.detail.split('\n').map((l) => `    ${l}`),
  ])
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length
  const failed = count('fail')
  lines.push(
    '',
    `${failed === 0 ? 'OK' : 'FAILED'}: ${count('pass')} passed, ${failed} failed, ${count('skipped')} skipped`,
  )
  return lines.join('\n')
}
