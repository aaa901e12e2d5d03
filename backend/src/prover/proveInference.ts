import { rm } from 'node:fs/promises'
import { decodePredictions, predictionsHash } from '@veritree/core/canonical'
import { type InferenceProofInputs, inferenceInputArgs, writeInferenceInputFiles } from './inputFiles.ts'
import { type RunOptions, runProver } from './runProver.ts'
import {
  type ExecuteInferenceResult,
  executeInferenceSchema,
  type ProveInferenceResult,
  proveInferenceSchema,
} from './schemas.ts'

/** Parameters of {@link executeInference}. */
export type ExecuteInferenceParameters = InferenceProofInputs & RunOptions & { workDir?: string }

/** Parameters of {@link proveInference}. */
export type ProveInferenceParameters = InferenceProofInputs &
  RunOptions & {
    /** Directory for model.bin, inputs.bin, receipt.cbor and journal.bin (created if needed). */
    workDir: string
  }

/**
 * The CLI checks the predictions against the journal itself; checked again here so a drifted or
 * replaced binary cannot hand the backend predictions the proof does not commit.
 */
function checkPredictions<T extends Pick<ExecuteInferenceResult, 'predictions' | 'decoded'>>(
  r: T,
): T & { labels: Uint16Array } {
  const bytes = Uint8Array.from(Buffer.from(r.predictions.slice(2), 'hex'))
  if (predictionsHash(bytes) !== r.decoded.predictionsHash)
    throw new Error("the prover's predictions do not hash to the journal's predictionsHash")
  const labels = decodePredictions(bytes)
  if (labels.length !== r.decoded.count)
    throw new Error(
      `the prover returned ${labels.length} predictions for a journal count of ${r.decoded.count}`,
    )
  return { ...r, labels }
}

/**
 * Runs the guest in mode 3 without proving: the format-3 journal it would commit, the predictions
 * (`labels`, and their canonical bytes `predictions`), its cycles and the cycle bound `prove`
 * checks first.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} (stderrTail names the guest's reason, e.g. EVAL_FEATURES)
 * @example
 * const { decoded, labels } = await executeInference({ modelBytes, inputsBytes: encodeInputs(rows), requestId })
 */
export async function executeInference(
  params: ExecuteInferenceParameters,
): Promise<ExecuteInferenceResult & { labels: Uint16Array }> {
  const files = await writeInferenceInputFiles(params, params.workDir)
  try {
    const r = await runProver(
      ['execute', ...inferenceInputArgs(params, files)],
      executeInferenceSchema,
      params,
    )
    return checkPredictions(r)
  } finally {
    if (!params.workDir) await rm(files.dir, { recursive: true, force: true })
  }
}

/**
 * Proves format 3 with a real RISC Zero composite receipt: the guest predicts every input row with
 * the model and commits `modelHash`, `inputsHash`, the count and `predictionsHash` for the request.
 * The predictions are returned beside the receipt (InferenceFeed's settle takes them and checks
 * them against `predictionsHash`). Refused (ProverInputTooLargeError) when the batch could not fit
 * zkVerify's limits.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} | {ProverInputTooLargeError}
 * @example
 * const r = await proveInference({ modelBytes, inputsBytes, requestId, workDir })
 * r.labels // Uint16Array of class indices, one per input row
 */
export async function proveInference(
  params: ProveInferenceParameters,
): Promise<ProveInferenceResult & { labels: Uint16Array }> {
  const files = await writeInferenceInputFiles(params, params.workDir)
  const r = await runProver(
    ['prove', ...inferenceInputArgs(params, files), '--out', params.workDir],
    proveInferenceSchema,
    params,
  )
  return checkPredictions(r)
}
