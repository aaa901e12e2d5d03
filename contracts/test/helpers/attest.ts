/**
 * Plays zkVerify's part in tests: builds a journal for a job, computes its statement, aggregates it
 * with other statements and posts the root to the local ZkVerifyAggregation, returning settle's
 * arguments.
 */
import { encodeJournal, type Journal, thresholdMet, zkVerifyStatement } from '@veritree/core/canonical'
import { merkleProof } from '@veritree/core/zkverify'
import { type Hex, keccak256, toHex } from 'viem'
import { DOMAIN_ID, IMAGE_ID, type JobTerms, type VeritreeFixture } from './fixture.ts'

/** A format-1 journal for `jobId` under `terms`, met or not by the given counts. */
export function journalFor(
  jobId: Hex,
  terms: JobTerms,
  counts: { correct: number; total: number } = { correct: 9, total: 10 },
  overrides: Partial<Journal> = {},
): Journal {
  return {
    format: 1,
    jobId,
    modelHash: keccak256(toHex(`model for ${jobId}`)),
    testSetHash: terms.testSetHash,
    correct: counts.correct,
    total: counts.total,
    thresholdBps: terms.thresholdBps,
    met: thresholdMet(counts.correct, counts.total, terms.thresholdBps),
    ...overrides,
  }
}

/** Unrelated statements to share an aggregation with. */
export function fillerStatements(count: number, tag: string): Hex[] {
  return Array.from({ length: count }, (_, i) => keccak256(toHex(`filler ${tag} ${i}`)))
}

let nextAggregationId = 1n

/** Arguments of `DatasetMarket.settle` after the journal's aggregation was posted. */
export type SettleArgs = readonly [Hex, Hex, bigint, bigint, readonly Hex[], bigint, bigint]

/**
 * Aggregates the journal's statement at `index` among `leafCount` statements, posts the root as the
 * operator (the deployer) and returns the settle arguments.
 */
export async function attest(
  f: Pick<VeritreeFixture, 'zkVerify' | 'owner' | 'publicClient'>,
  jobId: Hex,
  journal: Journal | Hex,
  options: { leafCount?: number; index?: number; imageId?: Hex; domainId?: bigint } = {},
): Promise<SettleArgs> {
  const { leafCount = 4, index = leafCount - 1, imageId = IMAGE_ID, domainId = DOMAIN_ID } = options
  const journalBytes = typeof journal === 'string' ? journal : encodeJournal(journal)
  const statements = fillerStatements(leafCount, `${jobId} ${nextAggregationId}`)
  statements[index] = zkVerifyStatement(imageId, journalBytes)
  const proof = merkleProof(statements, index)
  const aggregationId = nextAggregationId++
  const hash = await f.zkVerify.write.submitAggregation([domainId, aggregationId, proof.root], {
    account: f.owner.account,
  })
  await f.publicClient.waitForTransactionReceipt({ hash })
  return [jobId, journalBytes, domainId, aggregationId, proof.path, BigInt(leafCount), BigInt(index)]
}
