import { inputArgs, type ProofInputs, writeInputFiles } from './inputFiles.ts'
import { type RunOptions, runProver } from './runProver.ts'
import { type ProveResult, proveSchema } from './schemas.ts'

/** Parameters of {@link prove}. */
export type ProveParameters = ProofInputs &
  RunOptions & {
    /** Directory for model.bin, test-set.bin, receipt.cbor and journal.bin (created if needed). */
    workDir: string
  }

/**
 * Proves the accuracy claim with a real RISC Zero composite receipt (unless RISC0_DEV_MODE is set in
 * the environment, which yields a fake receipt that `verifyReceipt` rejects without it). Writes
 * `receipt.cbor` (exactly zkVerify's `proof` bytes) and `journal.bin` into `workDir`.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError}
 * @example
 * const r = await prove({ modelBytes, testSetBytes, jobId, thresholdBps: 9000, workDir, onProgress: console.log })
 * r.decoded.met // true
 */
export async function prove(params: ProveParameters): Promise<ProveResult> {
  const files = await writeInputFiles(params, params.workDir)
  return runProver(['prove', ...inputArgs(params, files), '--out', params.workDir], proveSchema, params)
}
