import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { InferenceProver } from '../feeds/deps.ts'
import { prove, proveInference, proveTraining } from '../prover/index.ts'
import { PLAINTEXT_DATASET_FILE } from '../prover/inputFiles.ts'
import type { ProveProgress, ProveRequest, Prover } from './deps.ts'

type CliOptions = { env?: NodeJS.ProcessEnv; segmentPo2?: number }

/**
 * The pipeline's {@link Prover} on top of the zkvm-guest host CLI wrapper (`prover/`): `prove` for a
 * format-1 job, `prove --mode 2` (`proveTraining`) for a format-2 one. Progress lines
 * become `{ phase, message, fraction }`; `fraction` is set when the CLI reports segment counts.
 * A dev-mode (fake) receipt is refused: it would never verify.
 */
export function createCliProver(options: CliOptions = {}): Prover {
  return {
    async prove(request) {
      const result =
        request.format === 2 ? await proveFormat2(request, options) : await proveFormat1(request, options)
      if (result.devMode)
        throw new Error(
          'the prover ran in RISC Zero dev mode (RISC0_DEV_MODE is set): its receipt is fake and cannot be settled',
        )
      return {
        imageId: result.imageId,
        journal: result.journal,
        receiptPath: result.receiptPath,
        cycles: result.cycles,
        segments: result.segments,
        provingMs: result.provingMs,
        receiptBytes: result.receiptBytes,
      }
    },
  }
}

/**
 * The feed pipeline's {@link InferenceProver}: `prove --mode 3` (`proveInference`), which returns the
 * predictions beside the receipt (already checked against the journal's predictionsHash). A dev-mode
 * receipt is refused as for sales.
 */
export function createCliInferenceProver(options: CliOptions = {}): InferenceProver {
  return {
    async proveInference(request) {
      const result = await proveInference({
        modelBytes: request.modelBytes,
        inputsBytes: request.inputsBytes,
        requestId: request.requestId,
        workDir: request.workDir,
        ...(options.segmentPo2 === undefined ? {} : { segmentPo2: options.segmentPo2 }),
        ...(options.env ? { env: options.env } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        onProgress: (p: Parameters<typeof toProgress>[0]) => request.onProgress?.(toProgress(p)),
      })
      if (result.devMode)
        throw new Error(
          'the prover ran in RISC Zero dev mode (RISC0_DEV_MODE is set): its receipt is fake and cannot be settled',
        )
      return {
        imageId: result.imageId,
        journal: result.journal,
        predictions: result.predictions,
        receiptPath: result.receiptPath,
        cycles: result.cycles,
        segments: result.segments,
        provingMs: result.provingMs,
        receiptBytes: result.receiptBytes,
      }
    },
  }
}

/** The run options every mode shares. */
function runOptions(request: ProveRequest, options: CliOptions) {
  return {
    testSetBytes: request.testSetBytes,
    jobId: request.jobId,
    thresholdBps: request.thresholdBps,
    workDir: request.workDir,
    ...(options.segmentPo2 === undefined ? {} : { segmentPo2: options.segmentPo2 }),
    ...(options.env ? { env: options.env } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
    onProgress: (p: Parameters<typeof toProgress>[0]) => request.onProgress?.(toProgress(p)),
  }
}

function proveFormat1(request: ProveRequest & { format: 1 }, options: CliOptions) {
  return prove({ ...runOptions(request, options), modelBytes: request.modelBytes })
}

/**
 * Mode 2: the prover reads the plaintext dataset from `workDir/dataset.bin`, so that file is deleted
 * as soon as the prover ends, whatever the outcome (a retry writes it again). A crash skips this
 * `finally`: {@link removePlaintextLeftovers} runs at start-up for that case.
 */
async function proveFormat2(request: ProveRequest & { format: 2 }, options: CliOptions) {
  try {
    return await proveTraining({
      ...runOptions(request, options),
      datasetBytes: request.datasetBytes,
      params: request.params,
    })
  } finally {
    await rm(join(request.workDir, PLAINTEXT_DATASET_FILE), { force: true })
  }
}

/**
 * CLI lines look like `{stage: 'execute'|'prove', status: 'start'|'done', segment?, segments?}`;
 * a segment counts as done only after its `done` line.
 */
function toProgress(p: { stage: string; status?: string; [key: string]: unknown }): ProveProgress {
  const segment = typeof p.segment === 'number' ? p.segment : undefined
  const segments = typeof p.segments === 'number' && p.segments > 0 ? p.segments : undefined
  const where = segment !== undefined && segments ? ` (segment ${segment + 1} of ${segments})` : ''
  const fraction =
    segment !== undefined && segments
      ? Math.min(1, (segment + (p.status === 'done' ? 1 : 0)) / segments)
      : undefined
  return {
    phase: p.stage === 'prove' ? 'proving' : p.stage,
    ...(p.status === undefined ? {} : { message: `${p.stage} ${p.status}${where}` }),
    ...(fraction === undefined ? {} : { fraction }),
  }
}

/**
 * Deletes the plaintext dataset files a crashed format-2 proof left in the jobs' work directories
 * (`<workDir>/<jobId>/dataset.bin`). Run at start-up, before any worker proves: a job that still needs
 * its proof writes the file again. Returns how many it deleted; a missing work directory is none.
 */
export async function removePlaintextLeftovers(workDir: string): Promise<number> {
  const entries = await readdir(workDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  let removed = 0
  for (const entry of entries) {
    if (!entry.isDirectory()) continue
    const file = join(workDir, entry.name, PLAINTEXT_DATASET_FILE)
    const existed = await rm(file).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw error
      },
    )
    if (existed) removed += 1
  }
  return removed
}
