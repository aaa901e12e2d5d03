import {
  decodeModel,
  encodeTable,
  encodeTrainingParams,
  type Model,
  modelHash,
  type Table,
} from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import { bytesToHex, type Hex, hexToBytes } from 'viem'
import { z } from 'zod'
import { ProverFailedError } from './errors.ts'
import { type RunOptions, runProver } from './runProver.ts'

/** `veritree-prover train --dataset - --out -`'s stdout (zkvm-guest/host/src/train.rs). */
const trainSchema = z.object({
  modelHash: z.string().regex(/^0x[0-9a-f]{64}$/),
  model: z.string().regex(/^0x([0-9a-f]{2})+$/),
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
  /** Training time inside the CLI (excludes process start and stdin/stdout). */
  trainMs: number
  peakRssBytes: number | null
}

/** Parameters of {@link trainWithProver}: the dataset (a table or its canonical bytes), classes, params. */
export type TrainWithProverParameters = Omit<RunOptions, 'stdin'> & {
  dataset: Table | Uint8Array
  classes: number
  params: TrainingParams
}

/**
 * Trains the canonical decision tree with the Rust trainer (`veritree-prover train`, the same
 * `veritree_core::train` the guest links). The dataset goes to the CLI on stdin and the model comes
 * back in its report, so decrypted rows never touch the disk. The model is re-decoded and re-hashed
 * here, so a model that is not canonical, or whose hash the CLI misreports, is an error, not a result.
 * Aborting `signal` (or passing `timeoutMs`) kills the child process.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError} (stderrTail carries the trainer's code, e.g. TRAIN_LABEL)
 * @example
 * const { modelBytes, modelHash } = await trainWithProver({ dataset: table, classes: 3, params, signal })
 */
export async function trainWithProver(p: TrainWithProverParameters): Promise<ProverTrainedModel> {
  const { dataset, classes, params, ...run } = p
  const args = ['train', '--dataset', '-', '--classes', String(classes)]
  args.push('--params', bytesToHex(encodeTrainingParams(params)), '--out', '-')
  const report = await runProver(args, trainSchema, {
    ...run,
    stdin: dataset instanceof Uint8Array ? dataset : encodeTable(dataset),
  })
  const modelBytes = hexToBytes(report.model as Hex)
  const hash = modelHash(modelBytes)
  if (hash !== report.modelHash || modelBytes.length !== report.modelBytes) {
    throw new ProverFailedError({
      command: 'train',
      exitCode: 0,
      signal: null,
      stderrTail: '',
      reason: `reported model ${report.modelHash} (${report.modelBytes} bytes) but returned ${hash} (${modelBytes.length} bytes)`,
    })
  }
  let model: Model
  try {
    model = decodeModel(modelBytes)
  } catch (error) {
    throw new ProverFailedError({
      command: 'train',
      exitCode: 0,
      signal: null,
      stderrTail: '',
      reason: `returned a model that is not canonical: ${(error as Error).message}`,
    })
  }
  return { model, modelBytes, modelHash: hash, trainMs: report.trainMs, peakRssBytes: report.peakRssBytes }
}
