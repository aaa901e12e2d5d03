import type { Job } from '@veritree/core/api'
import { Hex } from '../components/Hex.tsx'
import { JobDownloads } from '../components/JobDownloads.tsx'
import { JobTimeline } from '../components/JobTimeline.tsx'
import { RefundPanel } from '../components/RefundPanel.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useJob } from '../hooks/useJob.ts'
import { useReclaim } from '../hooks/useReclaim.ts'
import { formatBps, formatRatio, formatTime, formatWei } from '../lib/format.ts'
import { describeJobError } from '../lib/jobError.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** One paid job, followed live from escrow to certificate. */
export function JobPage({ jobId }: { jobId: string }) {
  const job = useJob(jobId)
  if (!/^0x[0-9a-fA-F]{64}$/.test(jobId))
    return (
      <Notice kind="error" title="Not a job id">
        A job id is 0x followed by 64 hex digits.
      </Notice>
    )
  if (job.isPending) return <Loading>Loading the job…</Loading>
  if (job.awaitingIndex) return <Loading>Waiting for the server to see your payment on chain…</Loading>
  if (job.error)
    return (
      <ErrorNotice error={job.error} title="Could not load this job" onRetry={() => void job.refetch()} />
    )
  const j = job.data
  const result = j.result
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Your model</h1>
          <p>
            Job <Hex value={j.jobId} keep={6} /> ·{' '}
            <Link to={paths.dataset(String(j.datasetId))}>dataset {j.datasetId}</Link> · paid{' '}
            {formatWei(j.priceWei)}
          </p>
        </div>
        <span
          className={`badge ${j.state === 'done' ? 'pass' : j.state === 'failed' ? 'fail' : 'brand'}`}
          data-testid="job-state"
        >
          {j.state}
        </span>
      </div>
      <div className="two-col">
        <section className="card">
          <h2>Progress</h2>
          <JobTimeline job={j} />
        </section>
        <section className="card stack">
          <h2>Result</h2>
          {result ? (
            <dl className="facts">
              <dt>Accuracy</dt>
              <dd>
                {formatRatio(result.correct, result.total)} ({result.correct} of {result.total})
              </dd>
              <dt>Threshold</dt>
              <dd>
                {formatBps(j.thresholdBps)} —{' '}
                {result.met === null ? (
                  '…'
                ) : result.met ? (
                  <span className="badge pass">met</span>
                ) : (
                  <span className="badge fail">not met</span>
                )}
              </dd>
              <dt>Model hash</dt>
              <dd>
                <Hex value={result.modelHash} keep={8} />
              </dd>
              <dt>Test-set hash</dt>
              <dd>
                <Hex value={j.testSetHash} keep={8} />
              </dd>
              {j.terms ? (
                <>
                  <dt>Proof format</dt>
                  <dd data-testid="job-format">
                    {j.terms.journalFormat === 2
                      ? '2: training on this dataset with these parameters, then accuracy'
                      : '1: accuracy'}
                  </dd>
                </>
              ) : null}
              {result.prove?.provingMs ? (
                <>
                  <dt>Proving</dt>
                  <dd>
                    {(result.prove.provingMs / 1000).toFixed(1)} s
                    {result.prove.cycles ? `, ${result.prove.cycles.toLocaleString('en-US')} cycles` : ''}
                  </dd>
                </>
              ) : null}
              {result.settleTx ? (
                <>
                  <dt>Settlement</dt>
                  <dd>
                    {result.settlement ?? 'sent'} · <Hex value={result.settleTx} />
                  </dd>
                </>
              ) : null}
            </dl>
          ) : (
            <p className="muted">The accuracy appears once the model is trained and scored.</p>
          )}
          {j.state === 'failed' ? (
            <Notice kind="error" title="This job failed">
              <JobErrorText error={j.error} />
            </Notice>
          ) : null}
          {j.state === 'refunding' || j.state === 'refunded' ? (
            <Notice
              kind="warn"
              title={
                j.state === 'refunded'
                  ? 'Refunded: this job cannot be proven'
                  : 'Refunding: this job cannot be proven'
              }
            >
              <p data-testid="job-refund">
                The service refunds your full payment on-chain
                {j.refund ? ` (reason ${j.refund.reason}: ${j.refund.reasonName})` : ''}. Withdraw it from the
                market once the refund is settled.
              </p>
              {j.state === 'refunded' ? <RefundPanel market={j.market} customer={j.customer} /> : null}
            </Notice>
          ) : null}
          {j.state !== 'failed' && j.error ? (
            <Notice kind="warn" title="The last attempt did not succeed; the service keeps trying">
              <JobErrorText error={j.error} />
            </Notice>
          ) : null}
          {j.state === 'done' && result?.met ? <JobDownloads job={j} /> : null}
          {j.state === 'done' && result?.met === false ? (
            <>
              <RefundPanel market={j.market} customer={j.customer} />
              <Link to={paths.certificate(j.jobId)}>Certificate of the (not met) result</Link>
            </>
          ) : null}
          {j.state !== 'done' && j.state !== 'refunded' ? <Reclaim job={j} /> : null}
        </section>
      </div>
    </div>
  )
}

/** After the deadline an unsettled escrow can be taken back; before it, say when that becomes possible. */
function Reclaim({ job }: { job: Job }) {
  const reclaim = useReclaim(job.market, job.jobId)
  const due = job.deadline * 1000 <= Date.now()
  if (!due)
    return (
      <p className="faint">
        If this job is not settled by {formatTime(job.deadline)}, you can take your escrow back here.
      </p>
    )
  return (
    <Notice
      kind="warn"
      title="The settlement deadline has passed"
      actions={
        <button
          type="button"
          onClick={() => reclaim.mutate()}
          disabled={reclaim.isPending || reclaim.isSuccess}
        >
          {reclaim.isSuccess ? 'Reclaimed' : reclaim.isPending ? 'Reclaiming…' : 'Reclaim my escrow'}
        </button>
      }
    >
      <span>Nobody settled this job in time. You may take back the {formatWei(job.priceWei)} you paid.</span>
      {reclaim.error ? <p className="field-error">{describeWalletError(reclaim.error)}</p> : null}
    </Notice>
  )
}

/** A job error's message with its code, which the service's logs and the docs are keyed by. */
function JobErrorText({ error }: { error: unknown }) {
  const described = describeJobError(error)
  if (!described) return <>No reason was recorded.</>
  return (
    <>
      {described.message}
      {described.code ? (
        <>
          {' '}
          <code data-testid="job-error-code">{described.code}</code>
        </>
      ) : null}
    </>
  )
}
