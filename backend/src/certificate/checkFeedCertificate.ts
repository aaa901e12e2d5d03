import type { FeedCertificate } from '@veritree/core/api'
import {
  FEED_CHECKS,
  type FeedCheck,
  type FeedCheckId,
  feedCheck,
  feedHcsSummary,
  feedReceiptBytes,
  offlineFeedChecks,
  parseFeedCertificate,
  runFeedCheck,
} from '@veritree/core/certificate'
import { type CheckCertificateOptions, chainClient, receiptVerification } from './checkOptions.ts'
import { feedChainChecks } from './feedChainChecks.ts'
import { hcsMessageServed, hcsRunningHashRecomputes } from './hcsChecks.ts'

const skipped = (id: FeedCheckId, detail: string): FeedCheck => feedCheck(id, 'skipped', detail)

const CHAIN_IDS = [
  'chain.network',
  'chain.aggregation',
  'chain.feed',
  'chain.request',
  'chain.settlement',
  'chain.predictions',
] as const

function embeddedReceipt(c: FeedCertificate): Uint8Array | undefined {
  try {
    return feedReceiptBytes(c)
  } catch {
    return undefined // receipt.sha256 fails, naming the problem
  }
}

/**
 * Re-checks a prediction (feed request) certificate: every check the options allow, in a fixed order,
 * each `pass`, `fail` (with what differed) or `skipped` (with what it needs). The same options as
 * `checkCertificate`; browser-safe, the CLI adds the receipt verifier, an RPC URL and a mirror URL.
 *
 * @example
 * const checks = await checkFeedCertificate(certificate, { publicClient, mirrorUrl: certificate.timestamp.mirrorUrl })
 */
export async function checkFeedCertificate(
  value: unknown,
  options: CheckCertificateOptions = {},
): Promise<FeedCheck[]> {
  const parsed = parseFeedCertificate(value)
  if (!parsed.ok) {
    const rest = (Object.keys(FEED_CHECKS) as FeedCheckId[]).filter((id) => id !== 'bundle.schema')
    return [
      feedCheck('bundle.schema', 'fail', parsed.issues.join('; ')),
      ...rest.map((id) => skipped(id, 'the certificate is malformed')),
    ]
  }
  const c = parsed.certificate
  const receiptBytes = options.receiptBytes ?? embeddedReceipt(c)
  const verification = receiptVerification(options, receiptBytes, c.proof.imageId, c.proof.journal)
  const receiptVerified =
    'skip' in verification
      ? Promise.resolve(skipped('receipt.verify', verification.skip))
      : runFeedCheck('receipt.verify', verification.run)

  const client = chainClient(options)
  const onChain = client
    ? feedChainChecks(c, client)
    : CHAIN_IDS.map((id) => Promise.resolve(skipped(id, 'no RPC URL given (--rpc)')))

  const mirror = options.mirrorUrl
  const mirrorOptions = { fetch: options.fetch }
  // The summary rebuilt from the certificate's facts, not the message it carries (hcs.summary ties the two).
  const summary = () => feedHcsSummary(c)
  const hcs = mirror
    ? [
        runFeedCheck('hcs.message', () => hcsMessageServed(c.timestamp, summary(), mirror, mirrorOptions)),
        runFeedCheck('hcs.runningHash', () =>
          hcsRunningHashRecomputes(c.timestamp, summary(), mirror, mirrorOptions),
        ),
      ]
    : (['hcs.message', 'hcs.runningHash'] as const).map((id) =>
        Promise.resolve(skipped(id, 'no mirror URL given (--mirror)')),
      )

  const checks = [
    feedCheck('bundle.schema', 'pass', `${c.version}, request ${c.requestId}`),
    ...(
      await Promise.all([offlineFeedChecks(c, options.receiptBytes), receiptVerified, ...onChain, ...hcs])
    ).flat(),
  ]
  // Report order is FEED_CHECKS' order, whichever group ran each check.
  const order = Object.keys(FEED_CHECKS)
  return checks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id))
}
