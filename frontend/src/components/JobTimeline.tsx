import { JOB_STATES, type Job, type JobState } from '@veritree/core/api'

/** The off-path ends (`failed`, and the backend's refund of a job it cannot prove) are not steps. */
type Step = Exclude<JobState, 'failed' | 'refunding' | 'refunded'>
const OFF_PATH: readonly JobState[] = ['failed', 'refunding', 'refunded']

/** What each state means to the customer; the order is the pipeline's (`JOB_STATES`). */
const TEXT: Record<Step, { title: string; detail: string }> = {
  opened: { title: 'Paid into escrow', detail: 'Your payment is held by the market contract.' },
  training: {
    title: 'Training',
    detail: 'A decision tree is trained on the private dataset with your settings.',
  },
  proving: {
    title: 'Proving',
    detail: 'The RISC Zero guest scores the model on your test set and proves it.',
  },
  verifying: {
    title: 'Verifying on zkVerify',
    detail: 'The receipt is verified and its statement aggregated.',
  },
  settling: {
    title: 'Settling on chain',
    detail: 'The market checks the aggregation proof and pays or refunds.',
  },
  attesting: { title: 'Timestamping on Hedera', detail: 'A summary of the sale is written to an HCS topic.' },
  done: { title: 'Done', detail: 'Model, receipt and certificate are ready.' },
}

const STEPS = JOB_STATES.filter((s): s is Step => !OFF_PATH.includes(s)).map((state) => ({
  state,
  ...TEXT[state],
}))

const ORDER: readonly JobState[] = STEPS.map((s) => s.state)

/** The job's steps, each done, active (with live progress) or pending. */
export function JobTimeline({ job }: { job: Job }) {
  // 'opened' means the escrow is in and training is next in line, so training shows as under way.
  const current = job.state === 'opened' ? 1 : ORDER.indexOf(job.state)
  // A failed or refunded job stopped at the phase its last progress named, when known.
  const stopped = OFF_PATH.includes(job.state)
  const failedAt = stopped
    ? Math.max(0, ORDER.indexOf((job.progress?.phase as JobState | undefined) ?? 'opened'))
    : -1
  return (
    <ol className="steps" aria-label="Job progress">
      {STEPS.map((step, index) => {
        let status: 'done' | 'active' | 'pending' | 'failed'
        if (stopped) status = index < failedAt ? 'done' : index === failedAt ? 'failed' : 'pending'
        else if (index < current || job.state === 'done') status = 'done'
        else if (index === current) status = 'active'
        else status = 'pending'
        const showProgress = status === 'active' && job.progress
        return (
          <li key={step.state} className={`step ${status}`} data-state={step.state} data-status={status}>
            <span className="dot" aria-hidden="true">
              {status === 'done' ? '✓' : status === 'failed' ? '!' : ''}
            </span>
            <div>
              <div className="title">{step.title}</div>
              <div className="muted">
                {showProgress && job.progress?.message ? job.progress.message : step.detail}
              </div>
              {showProgress && typeof job.progress?.fraction === 'number' ? (
                <div
                  className="progress"
                  role="progressbar"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(job.progress.fraction * 100)}
                >
                  <span style={{ width: `${Math.round(job.progress.fraction * 100)}%` }} />
                </div>
              ) : null}
            </div>
          </li>
        )
      })}
    </ol>
  )
}
