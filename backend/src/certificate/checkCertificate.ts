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
  parseCertificate,
  runCheck,
} from '@veritree/core/certificate'
import { createPublicClient, type Hex, http, type PublicClient } from 'viem'
import { chainChecks } from './chainChecks.ts'
import { checkHcsMessage, checkHcsRunningHash } from './hcsChecks.ts'

/** Re-verifies a receipt against an image id and journal; rejects when it does not verify. */
export type ReceiptBytesVerifier = (request: {
  receiptBytes: Uint8Array
  imageId: Hex
  journal: Hex
}) => Promise<unknown>

/** Options of {@link checkCertificate}; each one enables more checks. */
export type CheckCertificateOptions = {
  /** The receipt CBOR (else the bundle's inline copy, if any). */
  receiptBytes?: Uint8Array
  /** Node only: the host CLI (see `verifyReceiptBytesWithCli`). Without it `receipt.verify` is skipped. */
  verifyReceipt?: ReceiptBytesVerifier
  /** Mirror node REST base URL, for the HCS checks. */
  mirrorUrl?: string
  /** Injected fetch for the mirror (tests, proxies). */
  fetch?: typeof fetch
} & (
  | {
      /** JSON-RPC URL of the settlement chain, for the chain checks. */ rpcUrl?: string
      publicClient?: never
    }
  | {
      /** Or a ready client (the browser's wallet chain, tests). */ publicClient: PublicClient
      rpcUrl?: never
    }
)

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
  const verifyReceipt = options.verifyReceipt

  const receiptVerified = (): Promise<Check> => {
    if (!receiptBytes)
      return Promise.resolve(
        skipped('receipt.verify', 'no receipt bytes: pass --receipt <file> or use an offline bundle'),
      )
    if (!verifyReceipt)
      return Promise.resolve(
        skipped('receipt.verify', 'needs the RISC Zero host CLI (run `npm run verify-receipt`)'),
      )
    return runCheck('receipt.verify', async () => {
      await verifyReceipt({ receiptBytes, imageId: b.proof.imageId, journal: b.proof.journal })
      return `verified by the RISC Zero verifier against image id ${b.proof.imageId} and the journal`
    })
  }

  const client =
    options.publicClient ??
    (options.rpcUrl ? createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1 }) }) : undefined)
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
    receiptVerified(),
    ...onChain,
    hcsMessage,
    hcsRunningHash,
  ])
}

/** True when no check failed (skipped checks do not count as failures). */
export function allPassed(checks: readonly Check[]): boolean {
  return checks.every((c) => c.status !== 'fail')
}
