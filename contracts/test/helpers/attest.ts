/**
 * Plays zkVerify's part in tests: builds a journal for a job, computes its statement, aggregates it
 * with other statements and posts the root to the local ZkVerifyAggregation, returning settle's
 * arguments.
 */
import { encodeJournal, type Journal, thresholdMet, zkVerifyStatement } from '@veritree/core/canonical'
import { merkleProof } from '@veritree/core/zkverify'
import { encodeAbiParameters, type Hex, keccak256, size, slice, toHex, zeroHash } from 'viem'
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

/** A format-2 journal: a format-1 journal's eight words, then the dataset and parameter hashes. */
export interface TrainingJournal extends Omit<Journal, 'format'> {
  format: number
  datasetCommitment: Hex
  paramsHash: Hex
}

/**
 * The format-2 ("proof of training") journal's ABI, as /tmp/spec/format2.md fixes it. @veritree/core
 * has no format-2 encoder on this branch yet, so the contract tests encode it here; once the core's
 * twin lands (with golden vectors shared with the guest) these tests should import it instead.
 */
const TRAINING_JOURNAL_ABI = [
  { type: 'uint32' },
  { type: 'bytes32' },
  { type: 'bytes32' },
  { type: 'bytes32' },
  { type: 'uint32' },
  { type: 'uint32' },
  { type: 'uint32' },
  { type: 'bool' },
  { type: 'bytes32' },
  { type: 'bytes32' },
] as const

/** The 320 bytes of a format-2 journal (any format word, so tests can forge one). */
export function encodeTrainingJournal(j: TrainingJournal): Hex {
  return encodeAbiParameters(TRAINING_JOURNAL_ABI, [
    j.format,
    j.jobId,
    j.modelHash,
    j.testSetHash,
    j.correct,
    j.total,
    j.thresholdBps,
    j.met,
    j.datasetCommitment,
    j.paramsHash,
  ])
}

/**
 * A format-2 journal of the quoted model for `jobId` under `terms`, trained on `datasetCommitment`
 * with the terms' parameters, met or not by the given counts.
 */
export function trainingJournalFor(
  jobId: Hex,
  terms: TestTerms,
  datasetCommitment: Hex,
  counts: { correct: number; total: number } = { correct: 9, total: 10 },
  overrides: Partial<TrainingJournal> = {},
): Hex {
  return encodeTrainingJournal({
    ...journalFor(jobId, terms, counts),
    format: 2,
    datasetCommitment,
    paramsHash: terms.paramsHash,
    ...overrides,
  })
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
