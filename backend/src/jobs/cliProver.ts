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
      if (request.format === 2)
        // PLACEHOLDER until f2-guest's mode-2 wrapper lands.
        throw new Error('format 2 proving is not wired to the prover yet')
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
