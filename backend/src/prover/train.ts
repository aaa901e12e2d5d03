import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  decodeModel,
  encodeTable,
  encodeTrainingParams,
  type Model,
  modelHash,
  type Table,
} from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import { bytesToHex, type Hex } from 'viem'
import { z } from 'zod'
import { ProverFailedError } from './errors.ts'
import { type RunOptions, runProver } from './runProver.ts'

/** `veritree-prover train`'s stdout (zkvm-guest/host/src/train.rs). */
const trainSchema = z.object({
  modelHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  modelPath: z.string(),
  modelBytes: z.number().int().min(1),
  nodes: z.number().int().min(1),
  rows: z.number().int().min(1),
  features: z.number().int().min(1),
  classes: z.number().int().min(1),
  trainMs: z.number().int().min(0),
  peakRssBytes: z.number().int().nullable(),
})

/** What {@link trainWithProver} returns: the canonical model, its bytes and hash, and the CLI's timing. */
export type ProverTrainedModel = {
  model: Model
  modelBytes: Uint8Array
  modelHash: Hex
  /** Training time inside the CLI (excludes process start and file I/O). */
  trainMs: number
  peakRssBytes: number | null
}

/** Parameters of {@link trainWithProver}: the dataset (a table or its canonical bytes), classes, params. */
export type TrainWithProverParameters = RunOptions & {
  dataset: Table | Uint8Array
  classes: number
  params: TrainingParams
  /** Where dataset.bin and model.bin go; a temporary directory (removed afterwards) when omitted. */
  workDir?: string
}

/**
 * Trains the canonical decision tree with the Rust trainer (`veritree-prover train`, the same
 * `veritree_core::train` the guest links). The result is re-decoded and re-hashed here, so a model
 * that is not canonical, or whose hash the CLI misreports, is an error rather than a result.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} (stderrTail carries the trainer's code, e.g. TRAIN_LABEL)
 * @example
 * const { modelBytes, modelHash } = await trainWithProver({ dataset: table, classes: 3, params })
 */
export async function trainWithProver(p: TrainWithProverParameters): Promise<ProverTrainedModel> {
  const dir = p.workDir ?? (await mkdtemp(join(tmpdir(), 'veritree-train-')))
  try {
    const datasetPath = join(dir, 'dataset.bin')
    const modelPath = join(dir, 'model.bin')
    await writeFile(datasetPath, p.dataset instanceof Uint8Array ? p.dataset : encodeTable(p.dataset))
    const args = ['train', '--dataset', datasetPath, '--classes', String(p.classes)]
    args.push('--params', bytesToHex(encodeTrainingParams(p.params)), '--out', modelPath)
    const report = await runProver(args, trainSchema, p)
    const modelBytes = new Uint8Array(await readFile(modelPath))
    const hash = modelHash(modelBytes)
    if (hash !== report.modelHash || modelBytes.length !== report.modelBytes) {
      throw new ProverFailedError({
        command: 'train',
        exitCode: 0,
        signal: null,
        stderrTail: '',
        reason: `reported model ${report.modelHash} (${report.modelBytes} bytes) but wrote ${hash} (${modelBytes.length} bytes)`,
      })
    }
    return {
      model: decodeModel(modelBytes),
      modelBytes,
      modelHash: hash,
      trainMs: report.trainMs,
      peakRssBytes: report.peakRssBytes,
    }
  } finally {
    if (!p.workDir) await rm(dir, { recursive: true, force: true })
  }
}
