import {
  CHECKS,
  type Check,
  type CheckId,
  check,
  checkClaims,
  checkJournalDecodes,
  checkJournalFields,
  checkMerklePath,
  checkReceiptHash,
  checkRunningHashOffline,
  checkStatement,
  checkTrainingProvenance,
  inlineReceiptBytes,
  isFeedCertificate,
  parseCertificate,
  runCheck,
} from '@veritree/core/certificate'
import { chainChecks } from './chainChecks.ts'
import { checkFeedCertificate } from './checkFeedCertificate.ts'
import { type CheckCertificateOptions, chainClient, receiptVerification } from './checkOptions.ts'
import { checkHcsMessage, checkHcsRunningHash } from './hcsChecks.ts'

const skipped = (id: CheckId, detail: string): Check => check(id, 'skipped', detail)

/**
 * Re-checks a receipt certificate: every check the given options allow, in a fixed order, each `pass`,
 * `fail` (with what differed) or `skipped` (with what it needs). Browser-safe; the CLI adds the receipt
 * verifier, an RPC URL and a mirror URL.
 *
 * @example
 * const checks = await checkCertificate(bundle, { rpcUrl: 'http://127.0.0.1:8545', mirrorUrl })
 * const ok = checks.every((c) => c.status !== 'fail')
 */
export async function checkCertificate(
  bundle: unknown,
  options: CheckCertificateOptions = {},
): Promise<Check[]> {
  const parsed = parseCertificate(bundle)
  if (!parsed.ok) {
    const rest = (Object.keys(CHECKS) as CheckId[]).filter((id) => id !== 'bundle.schema')
    return [
      check('bundle.schema', 'fail', parsed.issues.join('; ')),
      ...rest.map((id) => skipped(id, 'the bundle is malformed')),
    ]
  }
  const b = parsed.bundle
  const receiptBytes = options.receiptBytes ?? inlineReceiptBytes(b)
  const verification = receiptVerification(options, receiptBytes, b.proof.imageId, b.proof.journal)
  const receiptVerified =
    'skip' in verification
      ? Promise.resolve(skipped('receipt.verify', verification.skip))
      : runCheck('receipt.verify', verification.run)

  const client = chainClient(options)
  const onChain = client
    ? chainChecks(b, client)
    : (['chain.network', 'chain.aggregation', 'chain.settlement', 'chain.job', 'chain.dataset'] as const).map(
        (id) => Promise.resolve(skipped(id, 'no RPC URL given (--rpc)')),
      )

  const mirror = options.mirrorUrl
  const mirrorOptions = { fetch: options.fetch }
  const hcsMessage = mirror
    ? checkHcsMessage(b, mirror, mirrorOptions)
    : Promise.resolve(skipped('hcs.message', 'no mirror URL given (--mirror)'))
  const hcsRunningHash = mirror ? checkHcsRunningHash(b, mirror, mirrorOptions) : checkRunningHashOffline(b)

  return Promise.all([
    check('bundle.schema', 'pass', `${b.version}, job ${b.job.jobId}`),
    checkClaims(b),
    checkJournalDecodes(b),
    checkJournalFields(b),
    checkTrainingProvenance(b),
    checkStatement(b),
    checkMerklePath(b),
    checkReceiptHash(b, receiptBytes),
    receiptVerified,
    ...onChain,
    hcsMessage,
    hcsRunningHash,
  ])
}

/**
 * Re-checks either kind of certificate, told apart by its `version`: a prediction certificate
 * (`veritree.inference-certificate/1`) gets `checkFeedCertificate`'s report, anything else the sale
 * checks' (which fail `bundle.schema` for an unknown version).
 */
export function checkAnyCertificate(
  bundle: unknown,
  options: CheckCertificateOptions = {},
): Promise<Check<string>[]> {
  return isFeedCertificate(bundle) ? checkFeedCertificate(bundle, options) : checkCertificate(bundle, options)
}

export { checkFeedCertificate } from './checkFeedCertificate.ts'
export type { CheckCertificateOptions, ReceiptBytesVerifier } from './checkOptions.ts'

/** True when no check failed (skipped checks do not count as failures). */
export function allPassed(checks: readonly Check<string>[]): boolean {
  return checks.every((c) => c.status !== 'fail')
}
