/** zkVerify rules that need no network: the aggregation Merkle tree and the RISC Zero statement. */
export { RISC0_CONTEXT, RISC0_V3_0_TAG, zkVerifyStatement } from '../canonical/zkVerify.ts'
export { ZKVERIFY_RISC0_LIMITS } from './limits.ts'
export {
  expectedPathLength,
  type MerkleProof,
  merkleProof,
  merkleRoot,
  rootFromPath,
  type VerifyMerklePathParameters,
  verifyMerklePath,
} from './merkle.ts'
