import { ApiError } from '@veritree/core/api'
import { errorMessage } from '@veritree/core/errors'
import type { ReactNode } from 'react'

/** A spinner with words, so a slow step never looks like a dead page. */
export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{children}</span>
    </div>
  )
}

type NoticeProps = {
  kind: 'error' | 'warn' | 'info' | 'success'
  title?: ReactNode
  children?: ReactNode
  /** Buttons or links offered next to the message (retry, switch network, …). */
  actions?: ReactNode
}

/** A coloured message box; errors are announced to screen readers. */
export function Notice({ kind, title, children, actions }: NoticeProps) {
  return (
    <div className={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <strong>{title}</strong> : null}
      {children}
      {actions ? <div className="row">{actions}</div> : null}
    </div>
  )
}

/** An error with its message and, when given, a retry button. */
export function ErrorNotice({
  error,
  title = 'Something went wrong',
  onRetry,
}: {
  error: unknown
  title?: string
  onRetry?: () => void
}) {
  const message = errorMessage(error)
  // API errors carry a stable code (rate limits, budgets, queue full, test set too small or large).
  const code = error instanceof ApiError ? error.code : null
  return (
    <Notice
      kind="error"
      title={title}
      actions={
        onRetry ? (
          <button type="button" className="secondary small" onClick={onRetry}>
            Try again
          </button>
        ) : null
      }
    >
      <span>
        {message}
        {code ? (
          <>
            {' '}
            <code data-testid="error-code">{code}</code>
          </>
        ) : null}
      </span>
    </Notice>
  )
}
