import { prove } from '../prover/index.ts'
import type { ProveProgress, Prover } from './deps.ts'

/**
 * The pipeline's {@link Prover} on top of the zkvm-guest host CLI wrapper (`prover/`). Progress lines
 * become `{ phase, message, fraction }`; `fraction` is set when the CLI reports segment counts.
 * A dev-mode (fake) receipt is refused: it would never verify.
 */
export function createCliProver(options: { env?: NodeJS.ProcessEnv; segmentPo2?: number } = {}): Prover {
  return {
    async prove(request) {
      const result = await prove({
        modelBytes: request.modelBytes,
        testSetBytes: request.testSetBytes,
        jobId: request.jobId,
        thresholdBps: request.thresholdBps,
        workDir: request.workDir,
        ...(options.segmentPo2 === undefined ? {} : { segmentPo2: options.segmentPo2 }),
        ...(options.env ? { env: options.env } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        onProgress: (p) => request.onProgress?.(toProgress(p)),
      })
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

function toProgress(p: { stage: string; status?: string; [key: string]: unknown }): ProveProgress {
  const done = typeof p.segment === 'number' ? p.segment : typeof p.done === 'number' ? p.done : undefined
  const total =
    typeof p.segments === 'number' ? p.segments : typeof p.total === 'number' ? p.total : undefined
  return {
    phase: p.stage,
    ...(p.status === undefined ? {} : { message: p.status }),
    ...(done !== undefined && total ? { fraction: Math.min(1, done / total) } : {}),
  }
}
