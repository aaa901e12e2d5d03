/**
 * Plays zkVerify's part in tests: builds a journal for a job, computes its statement, aggregates it
 * with other statements and posts the root to the local ZkVerifyAggregation, returning settle's
 * arguments.
 */
import {
  encodeJournal,
  encodeTrainingJournal,
  type Journal,
  type TrainingJournal,
  thresholdMet,
  zkVerifyStatement,
} from '@veritree/core/canonical'
import { merkleProof } from '@veritree/core/zkverify'
import { concat, encodeAbiParameters, type Hex, keccak256, size, slice, toHex, zeroHash } from 'viem'
import { DOMAIN_ID, IMAGE_ID, type TestTerms, testSalt, type VeritreeFixture } from './fixture.ts'

/** A format-1 journal of the quoted model for `jobId` under `terms`, met or not by the given counts. */
export function journalFor(
  jobId: Hex,
  terms: TestTerms,
  counts: { correct: number; total: number } = { correct: 9, total: 10 },
  overrides: Partial<Journal> = {},
): Journal {
  return {
    format: 1,
    jobId,
    modelHash: terms.modelHash,
    testSetHash: terms.testSetHash,
    correct: counts.correct,
    total: counts.total,
    thresholdBps: terms.thresholdBps,
    met: thresholdMet(counts.correct, counts.total, terms.thresholdBps),
    ...overrides,
  }
}

/**
 * `journal` with its format word replaced: a forgery the core's encoders refuse to make, for tests of
 * settle's format checks.
 */
export function withFormatWord(journal: Hex, format: number): Hex {
  return concat([encodeAbiParameters([{ type: 'uint32' }], [format]), slice(journal, 32)])
}

/**
 * A format-2 journal (the core's encoder, shared with the backend and pinned to the guest by golden
 * vectors) of the quoted model for `jobId` under `terms`, trained on `datasetCommitment` with the
 * terms' parameters, met or not by the given counts. `overrides.format` forges the format word.
 */
export function trainingJournalFor(
  jobId: Hex,
  terms: TestTerms,
  datasetCommitment: Hex,
  counts: { correct: number; total: number } = { correct: 9, total: 10 },
  overrides: Partial<Omit<TrainingJournal, 'format'>> & { format?: number } = {},
): Hex {
  const { format = 2, ...fields } = overrides
  const journal = encodeTrainingJournal({
    ...journalFor(jobId, terms, counts),
    format: 2,
    datasetCommitment,
    paramsHash: terms.paramsHash,
    ...fields,
  })
  return format === 2 ? journal : withFormatWord(journal, format)
}

/** Unrelated statements to share an aggregation with. */
export function fillerStatements(count: number, tag: string): Hex[] {
  return Array.from({ length: count }, (_, i) => keccak256(toHex(`filler ${tag} ${i}`)))
}

let nextAggregationId = 1n

/** `DatasetMarket.AggregationProof`. */
export interface AggregationProof {
  domainId: bigint
  aggregationId: bigint
  merklePath: readonly Hex[]
  leafCount: bigint
  index: bigint
}

/** Arguments of `DatasetMarket.settle` after the journal's aggregation was posted. */
export type SettleArgs = readonly [Hex, Hex, Hex, AggregationProof]

/** `args` with some fields of its aggregation proof replaced. */
export function withProof(args: SettleArgs, changes: Partial<AggregationProof>): SettleArgs {
  return [args[0], args[1], args[2], { ...args[3], ...changes }]
}

/**
 * Aggregates the journal's statement at `index` among `leafCount` statements, posts the root as the
 * aggregation operator (the fixture's operator, who is also the factory's) and returns the settle arguments,
 * with the test salt of the journal's model unless `modelSalt` is given.
 */
export async function attest(
  f: Pick<VeritreeFixture, 'zkVerify' | 'operator' | 'publicClient'>,
  jobId: Hex,
  journal: Journal | Hex,
  options: {
    leafCount?: number
    index?: number
    imageId?: Hex
    domainId?: bigint
    modelSalt?: Hex
    zkVerify?: Pick<VeritreeFixture['zkVerify'], 'write'>
  } = {},
): Promise<SettleArgs> {
  const { leafCount = 4, index = leafCount - 1, imageId = IMAGE_ID, domainId = DOMAIN_ID } = options
  const journalBytes = typeof journal === 'string' ? journal : encodeJournal(journal)
  // The journal's modelHash is its third word (bytes 64..96).
  const modelSalt =
    options.modelSalt ?? (size(journalBytes) >= 96 ? testSalt(slice(journalBytes, 64, 96)) : zeroHash)
  const statements = fillerStatements(leafCount, `${jobId} ${nextAggregationId}`)
  statements[index] = zkVerifyStatement(imageId, journalBytes)
  const proof = merkleProof(statements, index)
  const aggregationId = nextAggregationId++
  const hash = await (options.zkVerify ?? f.zkVerify).write.submitAggregation(
    [domainId, aggregationId, proof.root],
    {
      account: f.operator.account,
    },
  )
  await f.publicClient.waitForTransactionReceipt({ hash })
  return [
    jobId,
    journalBytes,
    modelSalt,
    { domainId, aggregationId, merklePath: proof.path, leafCount: BigInt(leafCount), index: BigInt(index) },
  ]
}
