import { type Hex, sha256 } from 'viem'
import type { AggregationProof, TimestampReceipt } from '../attest/types.ts'
import { VeritreeError } from '../errors.ts'
import { base64ToBytes } from './base64.ts'
import { saleClaims } from './claims.ts'
import type { SaleFacts } from './saleFacts.ts'
import { CERTIFICATE_VERSION, type CertificateBundle, certificateBundleSchema } from './schema.ts'

/** One finished sale: its facts, and the proof, attestation and settlement that back them. */
export type CertificateInput = {
  sale: SaleFacts
  /** How the platform names the dataset (informational; the commitment is in `sale`). */
  dataset: { id: string | number; name?: string; chainDatasetId?: string | null }
  journal: Hex
  receipt: {
    /** Download URL relative to the certificate's origin, e.g. `/api/jobs/0x…/receipt`. */
    url: string
    /** The receipt CBOR, hashed into the bundle. */
    bytes: Uint8Array
    /** Also embed the receipt (base64) so the bundle checks fully offline. */
    inline?: boolean
  }
  zkVerifyMode: 'local' | 'zkverify'
  aggregation: AggregationProof
  settleTx: Hex
  timestamp: TimestampReceipt
  /** The topic's running hash before this message (lets the running hash be recomputed offline). */
  previousRunningHash?: Hex
  issuedAt?: Date
}

/** The stored data cannot form a valid certificate; `issues` name each bad field. */
export class CertificateInputError extends VeritreeError<'certificate_input'> {
  override readonly name = 'CertificateInputError'
  readonly issues: string[]

  constructor(issues: string[]) {
    super('certificate_input', `cannot build the certificate: ${issues.join('; ')}`, { details: { issues } })
    this.issues = issues
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * Assembles the receipt certificate for one sale and validates it against the bundle schema.
 * Pure: no I/O (the caller reads the receipt bytes).
 *
 * @throws {CertificateInputError} naming every field that is missing or malformed.
 * @example
 * const bundle = buildCertificate({ sale, dataset: { id, name }, journal, receipt: { url, bytes }, aggregation, settleTx, timestamp, ... })
 * res.json(bundle)
 */
export function buildCertificate(input: CertificateInput): CertificateBundle {
  const a = input.aggregation
  const sale = input.sale
  const draft = {
    version: CERTIFICATE_VERSION,
    issuedAt: (input.issuedAt ?? new Date()).toISOString(),
    claims: saleClaims(sale),
    dataset: {
      id: String(input.dataset.id),
      ...(input.dataset.name === undefined ? {} : { name: input.dataset.name }),
      commitment: sale.datasetCommitment,
      market: sale.market,
      ...(input.dataset.chainDatasetId == null ? {} : { chainDatasetId: input.dataset.chainDatasetId }),
    },
    parameters: sale.params,
    job: {
      chainId: sale.chainId,
      jobId: sale.jobId,
      quoteId: sale.quoteId,
      journalFormat: sale.journalFormat,
      paramsHash: sale.paramsHash,
      testSetHash: sale.testSetHash,
      thresholdBps: sale.thresholdBps,
      priceWei: sale.priceWei.toString(),
      modelHash: sale.modelHash,
      correct: sale.correct,
      total: sale.total,
      met: sale.met,
    },
    proof: {
      imageId: sale.imageId,
      journal: input.journal,
      receipt: {
        url: input.receipt.url,
        sha256: sha256(input.receipt.bytes),
        byteLength: input.receipt.bytes.length,
        ...(input.receipt.inline ? { base64: toBase64(input.receipt.bytes) } : {}),
      },
    },
    zkVerify: {
      mode: input.zkVerifyMode,
      statement: a.statement,
      domainId: a.domainId.toString(),
      aggregationId: a.aggregationId.toString(),
      merklePath: a.merklePath,
      leafCount: a.leafCount.toString(),
      index: a.index.toString(),
      root: a.root,
      aggregationContract: a.aggregationContract,
      ...(a.publishTxHash ? { publishTxHash: a.publishTxHash } : {}),
      ...(a.zkVerifyTxHash ? { zkVerifyTxHash: a.zkVerifyTxHash } : {}),
      ...(a.zkVerifyBlockHash ? { zkVerifyBlockHash: a.zkVerifyBlockHash } : {}),
    },
    settlement: { txHash: input.settleTx },
    timestamp: {
      network: input.timestamp.network,
      topicId: input.timestamp.topicId,
      transactionId: input.timestamp.transactionId,
      sequenceNumber: input.timestamp.sequenceNumber.toString(),
      consensusTimestamp: input.timestamp.consensusTimestamp,
      runningHash: input.timestamp.runningHash,
      runningHashVersion: input.timestamp.runningHashVersion,
      ...(input.previousRunningHash ? { previousRunningHash: input.previousRunningHash } : {}),
      mirrorUrl: input.timestamp.mirrorUrl,
    },
  }
  const parsed = certificateBundleSchema.safeParse(draft)
  if (!parsed.success) {
    throw new CertificateInputError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  return parsed.data
}

/** Decodes the inline receipt of an offline bundle, or returns undefined when it has none. */
export function inlineReceiptBytes(bundle: CertificateBundle): Uint8Array | undefined {
  const b64 = bundle.proof.receipt.base64
  return b64 === undefined ? undefined : base64ToBytes(b64)
}
