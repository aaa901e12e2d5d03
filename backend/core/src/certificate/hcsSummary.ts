import { type Address, getAddress, type Hex } from 'viem'
import { HCS_CHUNK_BYTES } from '../hcs/chunks.ts'
import type { CertificateBundle } from './schema.ts'

/** The sale facts timestamped on HCS. */
export type HcsSummaryInput = {
  chainId: number
  market: Address
  jobId: Hex
  modelHash: Hex
  testSetHash: Hex
  correct: number
  total: number
  thresholdBps: number
  met: boolean
  statement: Hex
  aggregationId: bigint | string
  settleTx: Hex
}

function fromBundle(bundle: CertificateBundle): HcsSummaryInput {
  return {
    chainId: bundle.job.chainId,
    market: bundle.dataset.market,
    jobId: bundle.job.jobId,
    modelHash: bundle.job.modelHash,
    testSetHash: bundle.job.testSetHash,
    correct: bundle.job.correct,
    total: bundle.job.total,
    thresholdBps: bundle.job.thresholdBps,
    met: bundle.job.met,
    statement: bundle.zkVerify.statement,
    aggregationId: bundle.zkVerify.aggregationId,
    settleTx: bundle.settlement.txHash,
  }
}

/**
 * The exact bytes the backend submits to the HCS topic for one sale, and the checker compares with the
 * mirror: compact JSON `{v:1, chainId, market, jobId, modelHash, testSetHash, correct, total,
 * thresholdBps, met, statement, aggregationId, settleTx}` in that key order, hashes lower-case, the
 * market checksummed, the aggregation id a decimal string.
 *
 * @example
 * await timestampLog.submit(hcsSummary({ chainId, market, jobId, ..., settleTx }))
 * hcsSummary(bundle) // the same bytes, rebuilt from a certificate
 */
export function hcsSummary(input: HcsSummaryInput | CertificateBundle): Uint8Array {
  const s = 'version' in input ? fromBundle(input) : input
  const json = JSON.stringify({
    v: 1,
    chainId: s.chainId,
    market: getAddress(s.market),
    jobId: s.jobId.toLowerCase(),
    modelHash: s.modelHash.toLowerCase(),
    testSetHash: s.testSetHash.toLowerCase(),
    correct: s.correct,
    total: s.total,
    thresholdBps: s.thresholdBps,
    met: s.met,
    statement: s.statement.toLowerCase(),
    aggregationId: BigInt(s.aggregationId).toString(),
    settleTx: s.settleTx.toLowerCase(),
  })
  const bytes = new TextEncoder().encode(json)
  if (bytes.length > HCS_CHUNK_BYTES) {
    throw new Error(
      `HCS summary is ${bytes.length} bytes, above the ${HCS_CHUNK_BYTES}-byte single-chunk limit`,
    )
  }
  return bytes
}
