/**
 * The receipt certificate: one JSON bundle per sale, versioned. Integers that may exceed 2^53 are
 * decimal strings; hashes are lower-case 0x hex. Pure and browser-safe.
 */
import { getAddress, isAddress, isHex } from 'viem'
import { z } from 'zod'

/** The bundle format this module writes and checks. */
export const CERTIFICATE_VERSION = 'veritree.certificate/1'

const hexOfBytes = (bytes: number) =>
  z
    .string()
    .refine(
      (v) => isHex(v, { strict: true }) && v.length === 2 + 2 * bytes,
      `must be 0x followed by ${2 * bytes} hex digits`,
    )
    .transform((v) => v.toLowerCase() as `0x${string}`)
const bytes32 = hexOfBytes(32)
const hexBytes = z
  .string()
  .refine(
    (v) => isHex(v, { strict: true }) && v.length % 2 === 0 && v.length > 2,
    'must be non-empty 0x hex of whole bytes',
  )
  .transform((v) => v.toLowerCase() as `0x${string}`)
const address = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), 'must be a 20-byte 0x address')
  .transform((v) => getAddress(v))
const decimal = z.string().regex(/^(0|[1-9]\d{0,77})$/, 'must be a non-negative decimal integer string')
const uint32 = z.number().int().min(0).max(0xffff_ffff)
const entityId = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be an entity id "shard.realm.num"')
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')

/** What the proof of the sale's journal format establishes, and what it does not, in plain words. */
export const claimsSchema = z.object({
  format: z.union([z.literal(1), z.literal(2)]),
  proven: z.array(z.string()).min(1),
  notProven: z.array(z.string()).min(1),
})

export const certificateBundleSchema = z.object({
  version: z.literal(CERTIFICATE_VERSION),
  /** When the platform assembled this bundle (ISO 8601); informational. */
  issuedAt: z.iso.datetime(),
  claims: claimsSchema,
  dataset: z.object({
    /** The platform's dataset id; informational. */
    id: z.string().min(1),
    name: z.string().optional(),
    /** sha256 of the vendor's canonical dataset bytes, as committed in the market contract. */
    commitment: bytes32,
    market: address,
    /** The factory's dataset index (`datasetAt(i)`), when the market is linked. */
    chainDatasetId: decimal.optional(),
  }),
  /**
   * Training hyperparameters. Format 2 proves the model was trained with them (their hash is in the
   * journal); format 1 only records their hash at openJob (see claims).
   */
  parameters: z.record(z.string(), z.unknown()),
  job: z.object({
    chainId: z.number().int().positive(),
    jobId: bytes32,
    /** The backend quote the customer paid for (stored in the job on-chain). */
    quoteId: bytes32,
    /** `JobTerms.journalFormat`; bundles written before format 2 existed are format 1. */
    journalFormat: z.union([z.literal(1), z.literal(2)]).default(1),
    /** sha256 of the canonical training parameters, bound at openJob (`JobTerms.paramsHash`). */
    paramsHash: bytes32,
    testSetHash: bytes32,
    thresholdBps: z.number().int().min(0).max(10_000),
    priceWei: decimal,
    modelHash: bytes32,
    correct: uint32,
    total: uint32,
    met: z.boolean(),
  }),
  proof: z.object({
    imageId: bytes32,
    journal: hexBytes,
    receipt: z.object({
      /** Download location of the receipt CBOR, relative to the certificate's origin. */
      url: z.string().min(1),
      sha256: bytes32,
      byteLength: z.number().int().positive(),
      /** The receipt itself, for an offline bundle. */
      base64: base64.optional(),
    }),
  }),
  zkVerify: z.object({
    mode: z.enum(['local', 'zkverify']),
    statement: bytes32,
    domainId: decimal,
    aggregationId: decimal,
    merklePath: z.array(bytes32),
    leafCount: decimal,
    index: decimal,
    root: bytes32,
    aggregationContract: address,
    publishTxHash: bytes32.optional(),
    zkVerifyTxHash: z.string().optional(),
    zkVerifyBlockHash: z.string().optional(),
  }),
  settlement: z.object({
    txHash: bytes32,
  }),
  timestamp: z.object({
    network: z.enum(['local', 'testnet', 'mainnet', 'previewnet']),
    topicId: entityId,
    /** `payer@seconds.nanos`; the payer enters the running hash. */
    transactionId: z
      .string()
      .regex(/^\d+\.\d+\.\d+@\d+\.\d+$/, 'must be a transaction id "0.0.n@seconds.nanos"'),
    sequenceNumber: decimal,
    consensusTimestamp: z.string().regex(/^\d+\.\d{9}$/, 'must be "seconds.nnnnnnnnn"'),
    runningHash: hexOfBytes(48),
    runningHashVersion: z.literal(3),
    /** The topic's running hash before this message, so the hash can be recomputed offline. */
    previousRunningHash: hexOfBytes(48).optional(),
    mirrorUrl: z.string().min(1),
  }),
})

export type CertificateBundle = z.infer<typeof certificateBundleSchema>
export type Claims = z.infer<typeof claimsSchema>

/**
 * Parses an untrusted bundle (e.g. a downloaded JSON file).
 * @returns the bundle, or the list of problems each naming its field path.
 */
export function parseCertificate(
  value: unknown,
): { ok: true; bundle: CertificateBundle } | { ok: false; issues: string[] } {
  const parsed = certificateBundleSchema.safeParse(value)
  if (parsed.success) return { ok: true, bundle: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(bundle)'}: ${i.message}`),
  }
}
