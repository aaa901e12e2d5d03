/**
 * What the certificate checkers (sale: checkCertificate.ts, prediction: checkFeedCertificate.ts) take
 * and share: the options, the chain client they give, and the `receipt.verify` rule. Browser-safe.
 */
import { createPublicClient, type Hex, http, type PublicClient } from 'viem'

/** Re-verifies a receipt against an image id and journal; rejects when it does not verify. */
export type ReceiptBytesVerifier = (request: {
  receiptBytes: Uint8Array
  imageId: Hex
  journal: Hex
}) => Promise<unknown>

/** Options of `checkCertificate` and `checkFeedCertificate`; each one enables more checks. */
export type CheckCertificateOptions = {
  /** The receipt CBOR (else the certificate's embedded copy, if any). */
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

/** The client the chain checks read through, or undefined when the options give none. */
export function chainClient(options: CheckCertificateOptions): PublicClient | undefined {
  return (
    options.publicClient ??
    (options.rpcUrl ? createPublicClient({ transport: http(options.rpcUrl, { retryCount: 1 }) }) : undefined)
  )
}

/**
 * `receipt.verify`, for any certificate: why it must be skipped (no receipt, or no verifier in this
 * runtime), or the verification itself (its pass detail; a throw is the fail).
 */
export function receiptVerification(
  options: { verifyReceipt?: ReceiptBytesVerifier },
  receiptBytes: Uint8Array | undefined,
  imageId: Hex,
  journal: Hex,
): { skip: string } | { run: () => Promise<string> } {
  const verify = options.verifyReceipt
  if (!receiptBytes) return { skip: 'no receipt bytes: pass --receipt <file> or use an offline bundle' }
  if (!verify) return { skip: 'needs the RISC Zero host CLI (run `npm run verify-receipt`)' }
  return {
    run: async () => {
      await verify({ receiptBytes, imageId, journal })
      return `verified by the RISC Zero verifier against image id ${imageId} and the journal`
    },
  }
}
