import type { CertificateBundle } from '@veritree/core/certificate'
import { useState } from 'react'
import { CertificateDetails } from '../components/CertificateDetails.tsx'
import { CheckList, Verdict } from '../components/CheckList.tsx'
import { ErrorNotice, Loading, Notice } from '../components/Status.tsx'
import { useCertificate } from '../hooks/useCertificate.ts'
import { useCertificateChecks } from '../hooks/useCertificateChecks.ts'
import { useMarketChain } from '../hooks/useMarketChain.ts'
import { absoluteUrl, Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** A shareable, printable certificate for one sale, re-checked in this browser. */
export function CertificatePage({ jobId }: { jobId: string }) {
  const certificate = useCertificate(jobId)
  if (certificate.isPending) return <Loading>Loading the certificate…</Loading>
  if (certificate.error)
    return (
      <ErrorNotice
        error={certificate.error}
        title="Could not load this certificate"
        onRetry={() => void certificate.refetch()}
      />
    )
  const answer = certificate.data
  if (answer.kind === 'pending') {
    return (
      <Notice
        kind="info"
        title="This sale has no certificate yet"
        actions={<Link to={paths.job(jobId)}>Follow the job</Link>}
      >
        <span>
          The job is <strong>{answer.state}</strong>. The certificate is issued once the proof is verified,
          the sale settled and timestamped.
        </span>
      </Notice>
    )
  }
  if (answer.kind === 'invalid') {
    return (
      <Notice kind="error" title="The server sent something that is not a valid certificate">
        <ul>
          {answer.issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      </Notice>
    )
  }
  return <Certificate jobId={jobId} bundle={answer.bundle} raw={answer.raw} />
}

function Certificate({ jobId, bundle, raw }: { jobId: string; bundle: CertificateBundle; raw: unknown }) {
  const checks = useCertificateChecks(jobId, bundle)
  const market = useMarketChain().data
  const [copied, setCopied] = useState(false)
  const link = absoluteUrl(paths.certificate(jobId))

  const download = (): void => {
    const blob = new Blob([JSON.stringify(raw, null, 2)], { type: 'application/json' })
    const href = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = href
    a.download = `certificate-${jobId.slice(2, 10)}.json`
    a.click()
    setTimeout(() => URL.revokeObjectURL(href), 10_000)
  }
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(link)
      setCopied(true)
    } catch {
      window.prompt('Copy this link', link)
    }
  }

  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Receipt certificate</h1>
          <p>
            {bundle.dataset.name ?? `Dataset ${bundle.dataset.id}`} · job <code>{jobId.slice(0, 10)}…</code>
          </p>
        </div>
        <div className="row no-print">
          <button type="button" className="secondary small" onClick={() => void copy()}>
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          <button type="button" className="secondary small" onClick={download}>
            Download JSON
          </button>
          <button type="button" className="small" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>

      <section className="card stack">
        <h2>What is proven</h2>
        <p
          data-testid="provenance"
          className={`notice ${bundle.job.journalFormat === 2 ? 'success' : 'info'}`}
        >
          {bundle.job.journalFormat === 2
            ? "Format 2: proven — the model was trained on this dataset (the market's on-chain commitment) with these parameters (the job's parameters hash), and scored on your test set."
            : 'Format 1: the accuracy is proven; which dataset and parameters trained the model is recorded, not proven.'}
        </p>
        <ul className="statement stack" style={{ gap: '0.4rem', margin: 0 }}>
          {bundle.claims.proven.map((line) => (
            <li key={line} style={{ marginLeft: '1rem', overflowWrap: 'anywhere' }}>
              {line}
            </li>
          ))}
        </ul>
        <h3>What is not proven</h3>
        <ul style={{ margin: 0, overflowWrap: 'anywhere' }}>
          {bundle.claims.notProven.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
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
        {market && !market.publicClient ? (
          <Notice kind="info">
            The server gave no public RPC URL: connect a wallet on chain {bundle.job.chainId} to run the
            on-chain checks.
          </Notice>
        ) : null}
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

      <CertificateDetails bundle={bundle} />
      <p className="faint">
        Shareable link: <code>{link}</code>
      </p>
    </div>
  )
}
