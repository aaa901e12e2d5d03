import { encodePacked, type Hex, keccak256 } from 'viem'

// TODO(lead): replace with `modelCommitment` from `@veritree/contracts/job-terms` once c9-contracts
// lands it (same rule: keccak256(abi.encodePacked(bytes32 modelHash, bytes32 modelSalt))).
/** JobTerms.modelCommitment: hides the model hash until settle reveals the salt. */
export function modelCommitment(modelHash: Hex, salt: Hex): Hex {
  return keccak256(encodePacked(['bytes32', 'bytes32'], [modelHash, salt]))
}
