import { rm } from 'node:fs/promises'
import { type TrainingProofInputs, trainingInputArgs, writeTrainingInputFiles } from './inputFiles.ts'
import { type RunOptions, runProver } from './runProver.ts'
import {
  type ExecuteTrainingResult,
  executeTrainingSchema,
  type ProveTrainingResult,
  proveTrainingSchema,
} from './schemas.ts'

/** Parameters of {@link executeTraining}. */
export type ExecuteTrainingParameters = TrainingProofInputs & RunOptions & { workDir?: string }

/** Parameters of {@link proveTraining}. */
export type ProveTrainingParameters = TrainingProofInputs &
  RunOptions & {
    /** Directory for dataset.bin, test-set.bin, receipt.cbor and journal.bin (created if needed). */
    workDir: string
  }

/**
 * Runs the guest in mode 2 without proving: the format-2 journal it would commit (the model it
 * trains, the dataset commitment and params hash), its cycles, and the cycle bound `prove` checks
 * first. Runs even above that bound, since measuring is what it is for.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} (stderrTail names the guest's reason, e.g. TRAIN_ROWS)
 * @example
 * const { decoded, estimate } = await executeTraining({ datasetBytes, params, testSetBytes, jobId, thresholdBps: 9000 })
 */
export async function executeTraining(params: ExecuteTrainingParameters): Promise<ExecuteTrainingResult> {
  const files = await writeTrainingInputFiles(params, params.workDir)
  try {
    return await runProver(['execute', ...trainingInputArgs(params, files)], executeTrainingSchema, params)
  } finally {
    if (!params.workDir) await rm(files.dir, { recursive: true, force: true })
  }
}

/**
 * Proves format 2 with a real RISC Zero composite receipt: the guest trains on the dataset with the
 * parameters, evaluates its own model on the test set, and commits `datasetCommitment = tableHash
 * (dataset)`, `paramsHash = trainingParamsHash(params)` and the model's hash with format 1's fields.
 * Refused (ProverInputTooLargeError) after executing when the real session exceeds zkVerify's
 * limits, and before executing (`refusal.estimated` true) when the cycle bound is more than 8 times
 * the limit.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} | {ProverInputTooLargeError}
 * @example
 * const r = await proveTraining({ datasetBytes, params, testSetBytes, jobId, thresholdBps: 9000, workDir })
 * r.decoded.datasetCommitment // === tableHash(datasetBytes)
 */
export async function proveTraining(params: ProveTrainingParameters): Promise<ProveTrainingResult> {
  const files = await writeTrainingInputFiles(params, params.workDir)
  return runProver(
    ['prove', ...trainingInputArgs(params, files), '--out', params.workDir],
    proveTrainingSchema,
    params,
  )
}
