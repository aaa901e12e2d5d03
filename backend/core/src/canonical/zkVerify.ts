import { concatHex, type Hex, isHex, keccak256, sha256, stringToHex } from 'viem'
import { CanonicalError } from './errors.ts'

/** keccak256("risc0"): zkVerify's RISC Zero statement context. */
export const RISC0_CONTEXT: Hex = keccak256(stringToHex('risc0'))
/** sha256("risc0:v3.0"): the verifier version tag for risc0-zkvm 3.0 receipts (zkVerify V3_0). */
export const RISC0_V3_0_TAG: Hex = sha256(stringToHex('risc0:v3.0'))

/**
 * The statement zkVerify aggregates for a RISC Zero V3_0 proof:
 * `keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal))`.
 *
 * @throws {CanonicalError} HEX when imageId is not 32 bytes or journal is not whole-byte hex
 * @example
 * zkVerifyStatement(imageId, encodeJournal(j)) // '0x…' (32 bytes)
 */
export function zkVerifyStatement(imageId: Hex, journal: Hex): Hex {
  if (!isHex(imageId, { strict: true }) || imageId.length !== 66)
    throw new CanonicalError('HEX', 'imageId must be 32 bytes of 0x hex')
  if (!isHex(journal, { strict: true }) || journal.length % 2 !== 0)
    throw new CanonicalError('HEX', 'journal is not 0x-prefixed hex with whole bytes')
  return keccak256(
    concatHex([RISC0_CONTEXT, imageId.toLowerCase() as Hex, RISC0_V3_0_TAG, keccak256(journal)]),
  )
}
