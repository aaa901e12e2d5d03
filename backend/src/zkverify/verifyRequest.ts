import { ZKVERIFY_RISC0_LIMITS } from '@veritree/core/zkverify'
import { type Hex, isHex, size } from 'viem'
import { z } from 'zod'
import type { VerifyRequest } from '../attest/types.ts'
import { ZkVerifyError } from './errors.ts'

/** zkVerify's risc0 pallet takes at most this many journal bytes (`publicSignals`). */
export const MAX_JOURNAL_BYTES = ZKVERIFY_RISC0_LIMITS.maxPublicInputsBytes

const bytes32 = z
  .string()
  .refine((v) => isHex(v, { strict: true }) && size(v as Hex) === 32, 'must be 0x followed by 64 hex digits')
  .transform((v) => v.toLowerCase() as Hex)

const journal = z
  .string()
  .refine((v) => isHex(v, { strict: true }) && v.length % 2 === 0, 'must be 0x-prefixed hex of whole bytes')
  .refine((v) => v.length > 2, 'must not be empty')
  .refine((v) => (v.length - 2) / 2 <= MAX_JOURNAL_BYTES, `must be at most ${MAX_JOURNAL_BYTES} bytes`)
  .transform((v) => v.toLowerCase() as Hex)

const verifyRequestSchema = z.object({
  receiptPath: z.string().min(1, 'must name the receipt file'),
  imageId: bytes32,
  journal,
})

/**
 * Validates a {@link VerifyRequest} (image id of 32 bytes, a non-empty journal within zkVerify's limit),
 * returning it with lower-case hex.
 * @throws {ZkVerifyError} step `input`, naming each bad field.
 */
export function parseVerifyRequest(request: VerifyRequest): VerifyRequest {
  const parsed = verifyRequestSchema.safeParse(request)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`).join('; ')
    throw new ZkVerifyError('input', `invalid verify request: ${issues}`)
  }
  return parsed.data
}
