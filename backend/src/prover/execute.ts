import { rm } from 'node:fs/promises'
import { inputArgs, type ProofInputs, writeInputFiles } from './inputFiles.ts'
import { type RunOptions, runProver } from './runProver.ts'
import { type ExecuteResult, executeSchema } from './schemas.ts'

/** Parameters of {@link execute}. */
export type ExecuteParameters = ProofInputs & RunOptions & { workDir?: string }

/**
 * Runs the guest without proving: the journal it would commit, its cycle and segment counts. Fast
 * (well under a second for small inputs); invalid input is rejected by the guest itself.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} (stderrTail names the guest's reason, e.g. MODEL_STRUCTURE)
 * @example
 * const { decoded, cycles } = await execute({ modelBytes, testSetBytes, jobId, thresholdBps: 9000 })
 */
export async function execute(params: ExecuteParameters): Promise<ExecuteResult> {
  const files = await writeInputFiles(params, params.workDir)
  try {
    return await runProver(['execute', ...inputArgs(params, files)], executeSchema, params)
  } finally {
    if (!params.workDir) await rm(files.dir, { recursive: true, force: true })
  }
}
