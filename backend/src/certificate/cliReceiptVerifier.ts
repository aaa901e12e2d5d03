/**
 * Node only: re-verifies receipt bytes with the RISC Zero host CLI (`veritree-prover verify`), for
 * `checkCertificate`'s `receipt.verify`. The browser cannot run this check.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { verifyReceipt } from '../prover/index.ts'

/**
 * Writes `receiptBytes` to a private temporary file and verifies it against `imageId` and `journal`.
 * Resolves with the CLI's result; rejects when the receipt does not verify (or the CLI is not built).
 *
 * @example
 * await checkCertificate(bundle, { receiptBytes, verifyReceipt: verifyReceiptBytesWithCli })
 */
export async function verifyReceiptBytesWithCli(request: {
  receiptBytes: Uint8Array
  imageId: Hex
  journal: Hex
}) {
  const dir = await mkdtemp(join(tmpdir(), 'veritree-receipt-'))
  try {
    const receiptPath = join(dir, 'receipt.cbor')
    await writeFile(receiptPath, request.receiptBytes, { mode: 0o600 })
    return await verifyReceipt({ receiptPath, imageId: request.imageId, journal: request.journal })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
