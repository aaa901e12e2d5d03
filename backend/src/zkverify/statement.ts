/**
 * TEMPORARY: zkVerify's RISC Zero statement, until `backend/src/canonical/` (zkvm helper) lands its
 * `zkVerifyStatement`. Then every import switches there and this file is deleted.
 */
import { concatHex, type Hex, keccak256, sha256, stringToHex } from 'viem'

const RISC0_CONTEXT = keccak256(stringToHex('risc0'))
const RISC0_V3_0 = sha256(stringToHex('risc0:v3.0'))

/** keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal)) */
export function zkVerifyStatement(imageId: Hex, journal: Hex): Hex {
  return keccak256(concatHex([RISC0_CONTEXT, imageId, RISC0_V3_0, keccak256(journal)]))
}
