import { readFile } from 'node:fs/promises'
import { FEED_CERTIFICATE_VERSION, type FeedCertificate } from '@veritree/core/api'
import { decodeInferenceJournal, zkVerifyStatement } from '@veritree/core/canonical'
import { inferenceHcsSummary } from '@veritree/core/certificate'
import { sha256 } from 'viem'
import type { DatasetRecord, FeedRecord, FeedRequestRecord } from '../db/index.ts'
import { aggregationView, timestampView } from '../jobs/view.ts'
import { predictionClasses } from './view.ts'

/**
 * The certificate of a done request, or null while it is not done. The HCS message is rebuilt with
 * the same function the attest step sent (`inferenceHcsSummary`), so a checker compares it with the
 * mirror's copy byte for byte. The receipt is embedded, so the bundle checks offline.
 */
export async function feedCertificate(
  request: FeedRequestRecord,
  feed: FeedRecord,
  dataset: DatasetRecord,
): Promise<FeedCertificate | null> {
  const proof = request.proof
  const aggregation = request.verification?.aggregation
  const settleTx = request.settlement?.tx
  const timestamp = request.attestation?.timestamp
  if (request.state !== 'done' || !proof || !aggregation || !settleTx || !timestamp) return null
  const journal = decodeInferenceJournal(proof.journal)
  const receipt = new Uint8Array(await readFile(proof.receiptPath))
  const predictions = Buffer.from(proof.predictions.slice(2), 'hex')
  const classes = predictionClasses(predictions)
  const message = inferenceHcsSummary({
    chainId: feed.chainId,
    feed: feed.address,
    requestId: request.requestId,
    market: feed.market,
    saleJobId: feed.saleJobId,
    modelHash: journal.modelHash,
    inputsHash: journal.inputsHash,
    count: journal.count,
    predictionsHash: journal.predictionsHash,
    statement: aggregation.statement,
    aggregationId: aggregation.aggregationId,
    settleTx,
  })
  return {
    version: FEED_CERTIFICATE_VERSION,
    issuedAt: new Date(request.updatedAt).toISOString(),
    chainId: feed.chainId,
    feed: feed.address,
    requestId: request.requestId,
    customer: request.customer,
    model: {
      modelHash: feed.modelHash,
      market: feed.market,
      saleJobId: feed.saleJobId,
      saleCertificate: `/certificates/${feed.saleJobId}`,
    },
    inputsHash: request.inputsHash,
    count: request.count,
    predictions: {
      bytes: proof.predictions,
      classes,
      labels: classes.map((c) => dataset.classes[c] ?? `#${c}`),
    },
    proof: {
      imageId: proof.imageId,
      journal: proof.journal,
      statement: zkVerifyStatement(proof.imageId, proof.journal),
      receipt: { sha256: sha256(receipt), base64: Buffer.from(receipt).toString('base64') },
    },
    aggregation: aggregationView(aggregation),
    settleTx,
    timestamp: timestampView(timestamp),
    hcsMessage: new TextDecoder().decode(message),
  }
}
