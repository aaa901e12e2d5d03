import { useQuery } from '@tanstack/react-query'
import type { FeedCertificate } from '@veritree/core/api'
import type { ReactNode } from 'react'
import { fetchFeedCertificate } from '../api/feedCertificates.ts'
import { keys } from '../api/queries.ts'
import { CheckList, Verdict } from '../components/CheckList.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useFeedCertificateChecks } from '../hooks/useFeedCertificateChecks.ts'
import { absoluteUrl, Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** The certificate of one request's proven predictions, re-checked in this browser. */
export function FeedCertificatePage({ requestId }: { requestId: string }) {
  const answer = useQuery({
    queryKey: [...keys.feedRequest(requestId), 'certificate'] as const,
    queryFn: ({ signal }) => fetchFeedCertificate(requestId, signal),
    refetchInterval: (q) => (q.state.data?.kind === 'pending' ? 5_000 : false),
  })
  if (answer.isPending) return <Loading>Loading the certificate…</Loading>
  if (answer.error)
    return (
      <ErrorNotice
        error={answer.error}
        title="Could not load this certificate"
        onRetry={() => void answer.refetch()}
      />
    )
  const a = answer.data
  if (a.kind === 'pending')
    return (
      <Notice
        kind="info"
        title="This request has no certificate yet"
        actions={<Link to={paths.feedRequest(requestId)}>Follow the request</Link>}
      >
        <span>
          The request is <strong>{a.state}</strong>. The certificate is issued once the predictions are
          proven, verified, settled and timestamped.
        </span>
      </Notice>
    )
  if (a.kind === 'invalid')
    return (
      <Notice kind="error" title="The server sent something that is not a valid certificate">
        <ul>
          {a.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      </Notice>
    )
  return <Certificate certificate={a.certificate} />
}

function Certificate({ certificate: c }: { certificate: FeedCertificate }) {
  const checks = useFeedCertificateChecks(c)
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Prediction certificate</h1>
          <p>
            Request <code>{c.requestId.slice(0, 10)}…</code> · <Link to={paths.feed(c.feed)}>feed</Link> ·{' '}
            {c.count} {c.count === 1 ? 'prediction' : 'predictions'}
          </p>
        </div>
        <div className="row no-print">
          <button type="button" className="small" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>

      <section className="card stack">
        <h2>What is proven</h2>
        <p className="notice success" data-testid="provenance">
          Format 3: proven — these predictions are what the model with SHA-256{' '}
          <code>{c.model.modelHash}</code> answers for the input rows with SHA-256 <code>{c.inputsHash}</code>
          , for request <code>{c.requestId}</code> of feed <code>{c.feed}</code>.
        </p>
        <p>
          That model's accuracy is proven by its{' '}
          <Link to={paths.certificate(c.model.saleJobId)}>sale certificate</Link>. The input rows themselves
          are not published, only their hash: keep your file to match it.
        </p>
      </section>

      <section className="card stack">
        <h2>Predictions</h2>
        <div className="table-wrap">
          <table data-testid="certificate-predictions">
            <thead>
              <tr>
                <th className="num">Row</th>
                <th>Prediction</th>
                <th className="num">Class index</th>
              </tr>
            </thead>
            <tbody>
              {c.predictions.labels.map((label, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reorder
                <tr key={i}>
                  <td className="num">{i + 1}</td>
                  <td>{label}</td>
                  <td className="num">{c.predictions.classes[i]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card stack">
        <div className="row" style={{ justifyContent: 'space-between' }}>
          <h2 style={{ margin: 0 }}>Checked in this browser</h2>
          <button
            type="button"
            className="secondary small no-print"
            onClick={() => void checks.refetch()}
            disabled={checks.isFetching}
          >
            {checks.isFetching ? 'Checking…' : 'Check again'}
          </button>
        </div>
        {checks.isPending ? <Loading>Re-checking the proof, the chain and the Hedera mirror…</Loading> : null}
        {checks.error ? (
          <ErrorNotice
            error={checks.error}
            title="The checks could not run"
            onRetry={() => void checks.refetch()}
          />
        ) : null}
        {checks.data ? (
          <>
            <Verdict checks={checks.data} />
            <CheckList checks={checks.data} />
          </>
        ) : null}
      </section>

      <section className="card">
        <h2>Proof</h2>
        <dl className="facts">
          <Row label="Request id">{c.requestId}</Row>
          <Row label="Chain">{String(c.chainId)}</Row>
          <Row label="Buyer">{c.customer}</Row>
          <Row label="Inputs SHA-256">{c.inputsHash}</Row>
          <Row label="Predictions (canonical bytes)">{c.predictions.bytes}</Row>
          <Row label="Image id">{c.proof.imageId}</Row>
          <Row label="Journal">{c.proof.journal}</Row>
          <Row label="zkVerify statement">{c.proof.statement}</Row>
          <Row label="Receipt SHA-256">{c.proof.receipt.sha256}</Row>
          <Row label="Aggregation">
            domain {c.aggregation.domainId}, aggregation {c.aggregation.aggregationId}, root{' '}
            {c.aggregation.root}
          </Row>
          <Row label="Settle transaction">{c.settleTx}</Row>
          <Row label="Hedera timestamp">
            topic {c.timestamp.topicId} #{c.timestamp.sequenceNumber} at {c.timestamp.consensusTimestamp}
          </Row>
        </dl>
      </section>
      <p className="faint">
        Shareable link: <code>{absoluteUrl(paths.feedCertificate(c.requestId))}</code>
      </p>
    </div>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code className="mono" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </code>
      </dd>
    </>
  )
}
