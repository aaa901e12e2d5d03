/**
 * Checks that need nothing but the bundle (and, for the receipt hash, the receipt bytes). Pure and
 * browser-safe: the certificate page runs these too.
 */
import { bytesToHex, type Hex, hexToBytes, sha256 } from 'viem'
import { decodeJournal, type Journal, thresholdMet, zkVerifyStatement } from '../canonical/index.ts'
import { parseConsensusTime, parseEntityId } from '../hcs/ids.ts'
import { computeRunningHashV3 } from '../hcs/runningHash.ts'
import { verifyMerklePath } from '../zkverify/merkle.ts'
import { type Check, check, expect, runCheck } from './check.ts'
import { formatOneClaims } from './claims.ts'
import { hcsSummary } from './hcsSummary.ts'
import { saleFactsOfBundle, saleJournal } from './saleFacts.ts'
import type { CertificateBundle } from './schema.ts'

function journalOf(bundle: CertificateBundle): Journal {
  return decodeJournal(bundle.proof.journal)
}

/** The plain statement is exactly the one written from the bundle's numbers. */
export function checkClaims(bundle: CertificateBundle): Promise<Check> {
  return runCheck('claims.statement', () => {
    const expected = formatOneClaims(saleFactsOfBundle(bundle))
    const lines = (c: typeof expected) => [...c.proven, ...c.notProven]
    const got = lines(bundle.claims)
    const want = lines(expected)
    const at = want.findIndex((line, i) => got[i] !== line)
    expect(
      at === -1 && got.length === want.length,
      `the statement differs from the one the numbers give${at >= 0 ? ` at line ${at + 1}: expected "${want[at]}"` : ''}`,
    )
    return `${expected.proven.length} proven and ${expected.notProven.length} unproven points, as written from the numbers`
  })
}

export function checkJournalDecodes(bundle: CertificateBundle): Promise<Check> {
  return runCheck('journal.decode', () => {
    const j = journalOf(bundle)
    expect(j.total > 0 && j.correct <= j.total, `impossible counts ${j.correct}/${j.total}`)
    expect(
      j.met === thresholdMet(j.correct, j.total, j.thresholdBps),
      `met=${j.met} disagrees with the counts`,
    )
    return `format 1: ${j.correct}/${j.total} correct, threshold ${j.thresholdBps} bps, met=${j.met}`
  })
}

export function checkJournalFields(bundle: CertificateBundle): Promise<Check> {
  return runCheck('journal.fields', () => {
    const got = journalOf(bundle)
    const want = saleJournal(saleFactsOfBundle(bundle))
    const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)
    const diff = (Object.keys(want) as (keyof Journal)[])
      .filter((key) => norm(got[key]) !== norm(want[key]))
      .map((key) => `${key}: journal ${got[key]}, certificate ${want[key]}`)
    expect(diff.length === 0, diff.join('; '))
    return 'jobId, modelHash, testSetHash, correct, total, thresholdBps and met all equal'
  })
}

export function checkStatement(bundle: CertificateBundle): Promise<Check> {
  return runCheck('zkverify.statement', () => {
    const statement = zkVerifyStatement(bundle.proof.imageId, bundle.proof.journal)
    expect(
      statement === bundle.zkVerify.statement,
      `recomputed ${statement}, certificate says ${bundle.zkVerify.statement}`,
    )
    return `keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal)) = ${statement}`
  })
}

export function checkMerklePath(bundle: CertificateBundle): Promise<Check> {
  return runCheck('zkverify.merklePath', () => {
    const z = bundle.zkVerify
    const ok = verifyMerklePath({
      root: z.root,
      leaf: z.statement,
      path: z.merklePath,
      leafCount: BigInt(z.leafCount),
      index: BigInt(z.index),
    })
    expect(
      ok,
      `the path (${z.merklePath.length} elements, leaf ${z.index} of ${z.leafCount}) does not lead to root ${z.root}`,
    )
    return `leaf ${z.index} of ${z.leafCount} → root ${z.root}`
  })
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
  return runCheck('receipt.sha256', () => {
    const r = bundle.proof.receipt
    const hash = sha256(receiptBytes)
    expect(
      receiptBytes.length === r.byteLength,
      `the receipt has ${receiptBytes.length} bytes, certificate says ${r.byteLength}`,
    )
    expect(hash === r.sha256, `the receipt hashes to ${hash}, certificate says ${r.sha256}`)
    return `${receiptBytes.length} bytes, sha256 ${hash}`
  })
}

/**
 * The running hash after this message, from `previousRunningHash` and the message fields (the payer is
 * the transaction id's account; the message is the summary rebuilt from the bundle).
 */
export function recomputeBundleRunningHash(bundle: CertificateBundle, previousRunningHash: Hex): Hex {
  const t = bundle.timestamp
  return bytesToHex(
    computeRunningHashV3({
      previousRunningHash: hexToBytes(previousRunningHash),
      payer: parseEntityId(t.transactionId.split('@')[0]),
      topic: parseEntityId(t.topicId),
      consensusTime: parseConsensusTime(t.consensusTimestamp),
      sequenceNumber: BigInt(t.sequenceNumber),
      message: hcsSummary(bundle),
    }),
  )
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
