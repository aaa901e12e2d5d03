/**
 * The checks of a prediction (feed request) certificate that need nothing but the certificate (and,
 * for the receipt hash, the receipt bytes). Pure and browser-safe: the certificate page and
 * `npm run verify-receipt` run these same functions. The rules a sale certificate shares (statement,
 * Merkle path, receipt hash) are the sale checks' own, applied to this certificate's fields; the chain
 * and mirror checks live in the backend, next to the ABIs.
 */
import { hexToBytes } from 'viem'
import { FEED_CERTIFICATE_VERSION, type FeedCertificate, FeedCertificateSchema } from '../api/feedSchemas.ts'
import { decodeInferenceJournal, decodePredictions, predictionsHash } from '../canonical/index.ts'
import { base64ToBytes } from './base64.ts'
import { expect, type FeedCheck, runFeedCheck } from './check.ts'
import { inferenceHcsSummary } from './inferenceSummary.ts'
import { merklePathLeads, receiptHashMatches, statementRecomputes } from './offlineChecks.ts'

/** True when `value` says it is a prediction certificate (its `version`), well-formed or not. */
export function isFeedCertificate(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { version?: unknown }).version === FEED_CERTIFICATE_VERSION
  )
}

/**
 * Parses an untrusted prediction certificate (a downloaded JSON file, an API answer).
 * @returns the certificate, or the list of problems each naming its field path.
 */
export function parseFeedCertificate(
  value: unknown,
): { ok: true; certificate: FeedCertificate } | { ok: false; issues: string[] } {
  const parsed = FeedCertificateSchema.safeParse(value)
  if (parsed.success) return { ok: true, certificate: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(certificate)'}: ${i.message}`),
  }
}

/** The embedded receipt's bytes; throws when the text is not base64. */
export function feedReceiptBytes(c: FeedCertificate): Uint8Array {
  return base64ToBytes(c.proof.receipt.base64)
}

/**
 * The HCS message the backend timestamps for this request, rebuilt from the certificate's own facts
 * (its predictions hashed here), byte for byte what `hcs.summary` and `hcs.message` compare with.
 */
export function feedHcsSummary(c: FeedCertificate): Uint8Array {
  return inferenceHcsSummary({
    chainId: c.chainId,
    feed: c.feed,
    requestId: c.requestId,
    market: c.model.market,
    saleJobId: c.model.saleJobId,
    modelHash: c.model.modelHash,
    inputsHash: c.inputsHash,
    count: c.count,
    predictionsHash: predictionsHash(hexToBytes(c.predictions.bytes)),
    statement: c.aggregation.statement,
    aggregationId: c.aggregation.aggregationId,
    settleTx: c.settleTx,
  })
}

export function checkFeedJournalDecodes(c: FeedCertificate): Promise<FeedCheck> {
  return runFeedCheck('journal.decode', () => {
    const j = decodeInferenceJournal(c.proof.journal)
    return `format ${j.format}, ${j.count} predictions`
  })
}

/**
 * The journal commits this request, the feed's model, these inputs and count and the hash of exactly
 * the predictions shown: a changed prediction, another model, another request or a replayed journal
 * each differ here, named.
 */
export function checkFeedJournalFields(c: FeedCertificate): Promise<FeedCheck> {
  return runFeedCheck('journal.fields', () => {
    const j = decodeInferenceJournal(c.proof.journal)
    const bytes = hexToBytes(c.predictions.bytes)
    const classes = Array.from(decodePredictions(bytes))
    const diff = (
      [
        ['requestId', j.requestId, c.requestId],
        ['modelHash', j.modelHash, c.model.modelHash],
        ['inputsHash', j.inputsHash, c.inputsHash],
        ['count', j.count, c.count],
        ['predictionsHash', j.predictionsHash, predictionsHash(bytes)],
      ] as const
    )
      .filter(([, a, b]) => String(a).toLowerCase() !== String(b).toLowerCase())
      .map(([name, a, b]) => `${name}: journal ${a}, certificate ${b}`)
    // The readable copies of the predictions must say what the proven bytes say.
    if (classes.join(',') !== c.predictions.classes.join(','))
      diff.push(
        `classes: the predictions bytes decode to ${classes.join(',')}, the certificate lists ${c.predictions.classes.join(',')}`,
      )
    if (c.predictions.labels.length !== classes.length)
      diff.push(`labels: ${c.predictions.labels.length} for ${classes.length} predictions`)
    expect(diff.length === 0, diff.join('; '))
    return `request ${j.requestId}, model ${j.modelHash}, inputs ${j.inputsHash}, ${j.count} predictions hashing to ${j.predictionsHash}`
  })
}

export function checkFeedStatement(c: FeedCertificate): Promise<FeedCheck> {
  return runFeedCheck('zkverify.statement', () =>
    statementRecomputes(c.proof.imageId, c.proof.journal, [
      ['certificate says', c.proof.statement],
      ['aggregated statement', c.aggregation.statement],
    ]),
  )
}

export function checkFeedMerklePath(c: FeedCertificate): Promise<FeedCheck> {
  return runFeedCheck('zkverify.merklePath', () => merklePathLeads(c.aggregation))
}

/** The receipt (given, else the embedded one) has the certificate's SHA-256. */
export function checkFeedReceiptHash(c: FeedCertificate, receiptBytes?: Uint8Array): Promise<FeedCheck> {
  return runFeedCheck('receipt.sha256', () =>
    receiptHashMatches(receiptBytes ?? feedReceiptBytes(c), c.proof.receipt),
  )
}

/** The message the certificate says was timestamped is the summary of its facts, byte for byte. */
export function checkFeedHcsSummary(c: FeedCertificate): Promise<FeedCheck> {
  return runFeedCheck('hcs.summary', () => {
    const expected = new TextDecoder().decode(feedHcsSummary(c))
    expect(expected === c.hcsMessage, `rebuilt ${expected}, certificate says ${c.hcsMessage}`)
    return expected
  })
}

/**
 * Every check that needs only the certificate, in report order (`receipt.verify`, which needs the
 * RISC Zero verifier, is the caller's: see the backend's `checkFeedCertificate`).
 */
export function offlineFeedChecks(c: FeedCertificate, receiptBytes?: Uint8Array): Promise<FeedCheck[]> {
  return Promise.all([
    checkFeedJournalDecodes(c),
    checkFeedJournalFields(c),
    checkFeedStatement(c),
    checkFeedMerklePath(c),
    checkFeedReceiptHash(c, receiptBytes),
    checkFeedHcsSummary(c),
  ])
}
