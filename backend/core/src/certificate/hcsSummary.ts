import { getAddress } from 'viem'
import { HCS_CHUNK_BYTES } from '../hcs/chunks.ts'
import {
  type SaleFacts,
  type SaleSettlement,
  saleFactsOfBundle,
  saleSettlementOfBundle,
} from './saleFacts.ts'
import type { CertificateBundle } from './schema.ts'

/** A sale and its settlement: what is timestamped on HCS. */
export type HcsSummaryInput = { sale: SaleFacts } & SaleSettlement

/**
 * The exact bytes the backend submits to the HCS topic for one sale, and the checker compares with the
 * mirror: compact JSON `{v:1, chainId, market, jobId, modelHash, testSetHash, correct, total,
 * thresholdBps, met, statement, aggregationId, settleTx}` in that key order, hashes lower-case, the
 * market checksummed, the aggregation id a decimal string.
 *
 * @example
 * await timestampLog.submit(hcsSummary({ sale, statement, aggregationId, settleTx }))
 * hcsSummary(bundle) // the same bytes, rebuilt from a certificate
 */
export function hcsSummary(input: HcsSummaryInput | CertificateBundle): Uint8Array {
  const { sale: s, ...settlement } =
    'version' in input ? { sale: saleFactsOfBundle(input), ...saleSettlementOfBundle(input) } : input
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
    statement: settlement.statement.toLowerCase(),
    aggregationId: BigInt(settlement.aggregationId).toString(),
    settleTx: settlement.settleTx.toLowerCase(),
  })
  const bytes = new TextEncoder().encode(json)
  if (bytes.length > HCS_CHUNK_BYTES) {
    throw new Error(
      `HCS summary is ${bytes.length} bytes, above the ${HCS_CHUNK_BYTES}-byte single-chunk limit`,
    )
  }
  return bytes
}
