import { getAddress, type Hex } from 'viem'
import { HCS_CHUNK_BYTES } from '../hcs/chunks.ts'

/** A settled prediction request: what is timestamped on HCS for it (issue 12). */
export type InferenceSummaryInput = {
  chainId: number
  feed: Hex
  requestId: Hex
  /** The sale the feed's model comes from (its certificate proves the model's accuracy). */
  market: Hex
  saleJobId: Hex
  modelHash: Hex
  inputsHash: Hex
  count: number
  predictionsHash: Hex
  statement: Hex
  aggregationId: bigint | string
  settleTx: Hex
}

/**
 * The exact bytes the backend submits to the HCS topic for one settled prediction request: compact
 * JSON `{v:1, kind:"inference", chainId, feed, requestId, market, saleJobId, modelHash, inputsHash,
 * count, predictionsHash, statement, aggregationId, settleTx}` in that key order, hashes lower-case,
 * addresses checksummed, the aggregation id a decimal string. The `kind` keeps it apart from a sale's
 * summary (which has no `kind`) in the same topic.
 *
 * @example
 * await timestampLog.submit(inferenceHcsSummary({ chainId, feed, requestId, … }))
 */
export function inferenceHcsSummary(s: InferenceSummaryInput): Uint8Array {
  const json = JSON.stringify({
    v: 1,
    kind: 'inference',
    chainId: s.chainId,
    feed: getAddress(s.feed),
    requestId: s.requestId.toLowerCase(),
    market: getAddress(s.market),
    saleJobId: s.saleJobId.toLowerCase(),
    modelHash: s.modelHash.toLowerCase(),
    inputsHash: s.inputsHash.toLowerCase(),
    count: s.count,
    predictionsHash: s.predictionsHash.toLowerCase(),
    statement: s.statement.toLowerCase(),
    aggregationId: BigInt(s.aggregationId).toString(),
    settleTx: s.settleTx.toLowerCase(),
  })
  const bytes = new TextEncoder().encode(json)
  if (bytes.length > HCS_CHUNK_BYTES)
    throw new Error(
      `HCS summary is ${bytes.length} bytes, above the ${HCS_CHUNK_BYTES}-byte single-chunk limit`,
    )
  return bytes
}
