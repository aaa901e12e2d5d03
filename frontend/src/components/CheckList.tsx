import type { Check } from '@veritree/core/certificate'

/** A check line: the sale certificate's checks, or a prediction certificate's (their own ids). */
type CheckLine = Check<string>

const MARK = { pass: '✓', fail: '✗', skipped: '–' } as const
const WORD = { pass: 'Pass', fail: 'Fail', skipped: 'Skipped' } as const

/** Every certificate check with a clear pass, fail or skipped and what was compared. */
export function CheckList({ checks }: { checks: CheckLine[] }) {
  return (
    <ul className="checks" aria-label="Checks">
      {checks.map((c) => (
        <li key={c.id} className={`check ${c.status}`} data-check={c.id} data-status={c.status}>
          <span className={`badge ${c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'fail' : ''}`}>
            {MARK[c.status]} {WORD[c.status]}
          </span>
          <div>
            <div>{c.label}</div>
            <div className="detail">{c.detail}</div>
          </div>
        </li>
      ))}
    </ul>
  )
}

/** One line summing up the checks. */
export function Verdict({ checks }: { checks: CheckLine[] }) {
  const failed = checks.filter((c) => c.status === 'fail').length
  const passed = checks.filter((c) => c.status === 'pass').length
  const skipped = checks.length - failed - passed
  const text =
    failed > 0
      ? `${failed} check${failed === 1 ? '' : 's'} failed`
      : `All ${passed} checks this browser can run passed`
  return (
    <p className="verdict" data-testid="verdict" data-failed={failed}>
      <span className={`badge ${failed > 0 ? 'fail' : 'pass'}`}>{failed > 0 ? '✗' : '✓'}</span> {text}
      {skipped > 0 ? (
        <span className="muted">
          {' '}
          ({skipped} skipped: they need tools a browser lacks, or data only the customer holds)
        </span>
      ) : null}
    </p>
  )
}
