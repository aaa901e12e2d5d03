import type { CertificateBundle } from '@veritree/core/certificate'
import type { ReactNode } from 'react'
import { formatBps, formatBytes, formatRatio, formatWei } from '../lib/format.ts'

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      <dl className="facts">{children}</dl>
    </section>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

const Mono = ({ children }: { children: ReactNode }) => <code className="mono">{children}</code>

/** Every part of the receipt certificate, in full (hashes unabridged, so a printout can be checked). */
export function CertificateDetails({ bundle }: { bundle: CertificateBundle }) {
  const { job, dataset, proof, zkVerify: z, timestamp: t } = bundle
  return (
    <div className="stack">
      <Section title="Sale">
        <Row label="Job id">
          <Mono>{job.jobId}</Mono>
        </Row>
        <Row label="Chain">{job.chainId}</Row>
        <Row label="Journal format">
          <span data-testid="journal-format">
            {job.journalFormat === 2 ? '2 — training and accuracy proven' : '1 — accuracy proven'}
          </span>
        </Row>
        <Row label="Accuracy">
          {formatRatio(job.correct, job.total)} ({job.correct} of {job.total} rows)
        </Row>
        <Row label="Threshold">
          {formatBps(job.thresholdBps)} —{' '}
          {job.met ? <span className="badge pass">met</span> : <span className="badge fail">not met</span>}
        </Row>
        <Row label="Price">{formatWei(job.priceWei)}</Row>
        <Row label="Model SHA-256">
          <Mono>{job.modelHash}</Mono>
        </Row>
        <Row label="Test-set SHA-256">
          <Mono>{job.testSetHash}</Mono>
        </Row>
        <Row label="Quote id">
          <Mono>{job.quoteId}</Mono>
        </Row>
      </Section>
      <Section title="Dataset">
        <Row label="Name">{dataset.name ?? `Dataset ${dataset.id}`}</Row>
        <Row label="Commitment">
          <Mono>{dataset.commitment}</Mono>
        </Row>
        <Row label="Market">
          <Mono>{dataset.market}</Mono>
        </Row>
        {dataset.chainDatasetId ? <Row label="Factory index">{dataset.chainDatasetId}</Row> : null}
        <Row label={job.journalFormat === 2 ? 'Training (proven)' : 'Training (recorded, not proven)'}>
          <Mono>{JSON.stringify(bundle.parameters)}</Mono>
        </Row>
        <Row label="Parameters SHA-256">
          <Mono>{job.paramsHash}</Mono>
        </Row>
      </Section>
      <Section title="RISC Zero proof">
        <Row label="Image id">
          <Mono>{proof.imageId}</Mono>
        </Row>
        <Row label="Journal">
          <pre className="hex-block">{proof.journal}</pre>
        </Row>
        <Row label="Receipt">
          {formatBytes(proof.receipt.byteLength)}, SHA-256 <Mono>{proof.receipt.sha256}</Mono>
        </Row>
      </Section>
      <Section title="zkVerify">
        <Row label="Mode">
          {z.mode === 'local'
            ? 'local verifier (same statement and aggregation rules as zkVerify)'
            : 'zkVerify network'}
        </Row>
        <Row label="Statement">
          <Mono>{z.statement}</Mono>
        </Row>
        <Row label="Domain / aggregation">
          {z.domainId} / {z.aggregationId}
        </Row>
        <Row label="Leaf">
          {z.index} of {z.leafCount}
        </Row>
        <Row label="Merkle path">
          {z.merklePath.length === 0 ? (
            <span className="muted">empty (the statement is the only leaf)</span>
          ) : (
            <pre className="hex-block">{z.merklePath.join('\n')}</pre>
          )}
        </Row>
        <Row label="Root">
          <Mono>{z.root}</Mono>
        </Row>
        <Row label="Aggregation contract">
          <Mono>{z.aggregationContract}</Mono>
        </Row>
        {z.zkVerifyTxHash ? (
          <Row label="zkVerify tx">
            <Mono>{z.zkVerifyTxHash}</Mono>
          </Row>
        ) : null}
      </Section>
      <Section title="Settlement">
        <Row label="settle transaction">
          <Mono>{bundle.settlement.txHash}</Mono>
        </Row>
      </Section>
      <Section title="Hedera Consensus Service timestamp">
        <Row label="Network">{t.network}</Row>
        <Row label="Topic / sequence">
          {t.topicId} #{t.sequenceNumber}
        </Row>
        <Row label="Consensus time">
          {t.consensusTimestamp} ({new Date(Number(t.consensusTimestamp.split('.')[0]) * 1000).toISOString()})
        </Row>
        <Row label="Transaction">
          <Mono>{t.transactionId}</Mono>
        </Row>
        <Row label="Running hash (v3)">
          <Mono>{t.runningHash}</Mono>
        </Row>
        <Row label="Mirror">
          <a
            href={new URL(`/api/v1/topics/${t.topicId}/messages/${t.sequenceNumber}`, t.mirrorUrl).toString()}
            target="_blank"
            rel="noreferrer"
          >
            {t.mirrorUrl}
          </a>
        </Row>
      </Section>
      <p className="faint">
        Certificate {bundle.version}, issued {bundle.issuedAt}.
      </p>
    </div>
  )
}
