/**
 * Typed wrapper around the `veritree-prover` CLI (zkvm-guest/host). Node-only.
 * Build the binary with `bash scripts/build-zkvm.sh`.
 */
export {
  ProverFailedError,
  ProverInputTooLargeError,
  ProverNotBuiltError,
  type TooLargeDetails,
} from './errors.ts'
export { type ExecuteParameters, execute } from './execute.ts'
export { getImageId } from './getImageId.ts'
export type { InferenceProofInputs, ProofInputs, TrainingProofInputs } from './inputFiles.ts'
export { type ProveParameters, prove } from './prove.ts'
export {
  type ExecuteInferenceParameters,
  executeInference,
  type ProveInferenceParameters,
  proveInference,
} from './proveInference.ts'
export { proverEnv } from './proverEnv.ts'
export {
  type ExecuteTrainingParameters,
  executeTraining,
  type ProveTrainingParameters,
  proveTraining,
} from './proveTraining.ts'
export { CLONE_PROVER_BIN, requireProverBin, resolveProverBin } from './resolveProverBin.ts'
export { EXIT_TOO_LARGE, type ProverProgress, type RunOptions } from './runProver.ts'
export type {
  DecodedInferenceJournal,
  DecodedJournal,
  DecodedTrainingJournal,
  ExecuteInferenceResult,
  ExecuteResult,
  ExecuteTrainingResult,
  ProveInferenceResult,
  ProveResult,
  ProveTrainingResult,
  TrainingEstimate,
  VerifyResult,
  ZkVerifyCompatibility,
} from './schemas.ts'
export { type VerifyReceiptParameters, verifyReceipt } from './verifyReceipt.ts'
