import type { Hex } from 'viem'
import { type RunOptions, runProver } from './runProver.ts'
import { type VerifyResult, verifySchema } from './schemas.ts'

/** Parameters of {@link verifyReceipt}. */
export type VerifyReceiptParameters = RunOptions & {
  /** A CBOR receipt written by {@link prove}. */
  receiptPath: string
  /** The image id it must prove (32 bytes). */
  imageId: Hex
  /** When given, the receipt's journal must equal it byte for byte. */
  journal?: Hex
}

/**
 * Verifies a receipt with the CLI. Resolves only when it is valid for `imageId` (and `journal`);
 * tampered bytes, another image id, another journal or a dev-mode receipt reject.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} whose stderrTail says why
 * @example
 * await verifyReceipt({ receiptPath: r.receiptPath, imageId: r.imageId, journal: r.journal })
 */
export async function verifyReceipt(params: VerifyReceiptParameters): Promise<VerifyResult> {
  const args = ['verify', '--receipt', params.receiptPath, '--image-id', params.imageId]
  if (params.journal !== undefined) args.push('--journal', params.journal)
  return runProver(args, verifySchema, params)
}
