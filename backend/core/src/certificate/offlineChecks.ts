/**
 * Checks that need nothing but the bundle (and, for the receipt hash, the receipt bytes). Pure and
 * browser-safe: the certificate page runs these too.
 */
import { bytesToHex, type Hex, hexToBytes, sha256 } from 'viem'
import {
  decodeSaleJournal,
  type SaleJournal,
  thresholdMet,
  trainingParamsHash,
  zkVerifyStatement,
} from '../canonical/index.ts'
import { parseConsensusTime, parseEntityId } from '../hcs/ids.ts'
import { computeRunningHashV3 } from '../hcs/runningHash.ts'
import { verifyMerklePath } from '../zkverify/merkle.ts'
import { type Check, check, expect, runCheck } from './check.ts'
import { saleClaims } from './claims.ts'
import { hcsSummary } from './hcsSummary.ts'
import { saleFactsOfBundle, saleJournal } from './saleFacts.ts'
import type { CertificateBundle } from './schema.ts'

function journalOf(bundle: CertificateBundle): SaleJournal {
  return decodeSaleJournal(bundle.proof.journal)
}

/** The plain statement is exactly the one written from the bundle's numbers. */
export function checkClaims(bundle: CertificateBundle): Promise<Check> {
  return runCheck('claims.statement', () => {
    const expected = saleClaims(saleFactsOfBundle(bundle))
    const lines = (c: typeof expected) => [...c.proven, ...c.notProven]
    const got = lines(bundle.claims)
    const want = lines(expected)
    const at = want.findIndex((line, i) => got[i] !== line)
    expect(
      at === -1 && got.length === want.length,
      `the statement differs from the one the numbers give${at >= 0 ? ` at line ${at + 1}: expected "${want[at]}"` : ''}`,
    )
    return `format ${expected.format}: ${expected.proven.length} proven and ${expected.notProven.length} unproven points, as written from the numbers`
  })
}

export function checkJournalDecodes(bundle: CertificateBundle): Promise<Check> {
  return runCheck('journal.decode', () => {
    const j = journalOf(bundle)
    expect(
      j.format === bundle.job.journalFormat,
      `the journal is format ${j.format}, the job's format is ${bundle.job.journalFormat}`,
    )
    expect(j.total > 0 && j.correct <= j.total, `impossible counts ${j.correct}/${j.total}`)
    expect(
      j.met === thresholdMet(j.correct, j.total, j.thresholdBps),
      `met=${j.met} disagrees with the counts`,
    )
    return `format ${j.format}: ${j.correct}/${j.total} correct, threshold ${j.thresholdBps} bps, met=${j.met}`
  })
}

export function checkJournalFields(bundle: CertificateBundle): Promise<Check> {
  return runCheck('journal.fields', () => {
    const got = journalOf(bundle)
    const want = saleJournal(saleFactsOfBundle(bundle))
    const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)
    const field = (j: SaleJournal, key: string): unknown => (j as Record<string, unknown>)[key]
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])]
    const diff = keys
      .filter((key) => norm(field(got, key)) !== norm(field(want, key)))
      .map((key) => `${key}: journal ${field(got, key)}, certificate ${field(want, key)}`)
    expect(diff.length === 0, diff.join('; '))
    return `${keys.filter((k) => k !== 'format').join(', ')} all equal`
  })
}

/**
 * What format 2 adds: the journal's dataset commitment is the certificate's dataset commitment (which
 * `chain.dataset` compares with the market's), and its parameters hash is the hash of the parameters
 * shown (which `chain.job` compares with the job's). Format 1 proves neither: skipped, saying so.
 */
export function checkTrainingProvenance(bundle: CertificateBundle): Promise<Check> {
  if (bundle.job.journalFormat === 1)
    return Promise.resolve(
      check(
        'journal.training',
        'skipped',
        'format 1 proves accuracy only: the dataset and parameters are recorded, not proven',
      ),
    )
  return runCheck('journal.training', () => {
    const j = journalOf(bundle)
    expect(j.format === 2, `the journal is format ${j.format}, not 2`)
    expect(
      j.datasetCommitment.toLowerCase() === bundle.dataset.commitment,
      `the model was trained on dataset ${j.datasetCommitment}, the certificate names ${bundle.dataset.commitment}`,
    )
    const shown = paramsHashOf(bundle.parameters)
    expect(
      j.paramsHash.toLowerCase() === shown && shown === bundle.job.paramsHash,
      `the journal's parameters hash ${j.paramsHash}, the parameters shown hash to ${shown}, the job's is ${bundle.job.paramsHash}`,
    )
    return `trained on dataset ${j.datasetCommitment} with parameters ${j.paramsHash} (${JSON.stringify(bundle.parameters)})`
  })
}

/** The parameters hash the certificate's parameters give, or a marker that never equals a hash. */
export function paramsHashOf(parameters: unknown): string {
  const p = (parameters ?? {}) as Record<string, unknown>
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
  if (!int(p.maxDepth) || !int(p.minLeafSize) || !int(p.gainThresholdPpm)) return 'unreadable parameters'
  try {
    return trainingParamsHash({
      maxDepth: p.maxDepth,
      minLeafSize: p.minLeafSize,
      gainThresholdPpm: p.gainThresholdPpm,
    })
  } catch {
    return 'unreadable parameters'
  }
}

/**
 * The rule of `zkverify.statement`, for any certificate: the statement recomputed from the image id and
 * journal equals each statement the certificate states (`stated`: what to call it in the fail detail,
 * and its value). Returns the pass detail; throws the fail detail.
 */
export function statementRecomputes(
  imageId: Hex,
  journal: Hex,
  stated: ReadonlyArray<readonly [name: string, value: Hex]>,
): string {
  const statement = zkVerifyStatement(imageId, journal)
  const wrong = stated.filter(([, value]) => value.toLowerCase() !== statement)
  expect(
    wrong.length === 0,
    `recomputed ${statement}, ${wrong.map(([name, value]) => `${name} ${value}`).join(', ')}`,
  )
  return `keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal)) = ${statement}`
}

/** Where a statement sits in a zkVerify aggregation, as both certificates state it (decimal strings). */
export type StatedAggregation = {
  statement: Hex
  merklePath: readonly Hex[]
  leafCount: string
  index: string
  root: Hex
}

/** The rule of `zkverify.merklePath`: the path leads from the statement to the root. */
export function merklePathLeads(z: StatedAggregation): string {
  const ok = verifyMerklePath({
    root: z.root,
    leaf: z.statement,
    path: [...z.merklePath],
    leafCount: BigInt(z.leafCount),
    index: BigInt(z.index),
  })
  expect(
    ok,
    `the path (${z.merklePath.length} elements, leaf ${z.index} of ${z.leafCount}) does not lead to root ${z.root}`,
  )
  return `leaf ${z.index} of ${z.leafCount} → root ${z.root}`
}

export function checkStatement(bundle: CertificateBundle): Promise<Check> {
  return runCheck('zkverify.statement', () =>
    statementRecomputes(bundle.proof.imageId, bundle.proof.journal, [
      ['certificate says', bundle.zkVerify.statement],
    ]),
  )
}

export function checkMerklePath(bundle: CertificateBundle): Promise<Check> {
  return runCheck('zkverify.merklePath', () => merklePathLeads(bundle.zkVerify))
}

/** The rule of `receipt.sha256`: the bytes have the stated SHA-256 (and length, where stated). */
export function receiptHashMatches(
  receiptBytes: Uint8Array,
  stated: { sha256: Hex; byteLength?: number },
): string {
  const hash = sha256(receiptBytes)
  expect(
    stated.byteLength === undefined || receiptBytes.length === stated.byteLength,
    `the receipt has ${receiptBytes.length} bytes, certificate says ${stated.byteLength}`,
  )
  expect(
    hash === stated.sha256.toLowerCase(),
    `the receipt hashes to ${hash}, certificate says ${stated.sha256}`,
  )
  return `${receiptBytes.length} bytes, sha256 ${hash}`
}

export function checkReceiptHash(
  bundle: CertificateBundle,
  receiptBytes: Uint8Array | undefined,
): Promise<Check> {
  if (!receiptBytes) {
    return Promise.resolve(
      check('receipt.sha256', 'skipped', 'no receipt bytes: pass --receipt <file> or use an offline bundle'),
    )
  }
  return runCheck('receipt.sha256', () => receiptHashMatches(receiptBytes, bundle.proof.receipt))
}

/** Where a message sits in an HCS topic, as both certificates state it. */
export type StatedTimestamp = {
  topicId: string
  /** `payer@seconds.nanos`: the payer enters the running hash. */
  transactionId: string
  sequenceNumber: string
  consensusTimestamp: string
}

/**
 * The topic's running hash after `message`, from the running hash before it and the message's place
 * (the payer is the transaction id's account). Throws on a malformed id or timestamp.
 */
export function recomputeRunningHash(t: StatedTimestamp, message: Uint8Array, previousRunningHash: Hex): Hex {
  return bytesToHex(
    computeRunningHashV3({
      previousRunningHash: hexToBytes(previousRunningHash),
      payer: parseEntityId(t.transactionId.split('@')[0] ?? ''),
      topic: parseEntityId(t.topicId),
      consensusTime: parseConsensusTime(t.consensusTimestamp),
      sequenceNumber: BigInt(t.sequenceNumber),
      message,
    }),
  )
}

/** The running hash after a sale's message: its summary rebuilt from the bundle. */
export function recomputeBundleRunningHash(bundle: CertificateBundle, previousRunningHash: Hex): Hex {
  return recomputeRunningHash(bundle.timestamp, hcsSummary(bundle), previousRunningHash)
}

/** Offline variant of `hcs.runningHash`: from the previous running hash the bundle carries. */
export function checkRunningHashOffline(bundle: CertificateBundle): Promise<Check> {
  const previous = bundle.timestamp.previousRunningHash
  if (!previous) {
    return Promise.resolve(
      check('hcs.runningHash', 'skipped', 'the bundle has no previous running hash: give a mirror URL'),
    )
  }
  return runCheck('hcs.runningHash', () => {
    const recomputed = recomputeBundleRunningHash(bundle, previous)
    expect(
      recomputed === bundle.timestamp.runningHash,
      `recomputed ${recomputed} from the summary and the bundle's previous running hash, certificate says ${bundle.timestamp.runningHash}`,
    )
    return `recomputed from the bundle's previous running hash (not compared with the mirror: give a mirror URL for that)`
  })
}
