import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeTrainingParams } from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import { bytesToHex, type Hex } from 'viem'

/**
 * The file `prove --mode 2` reads the plaintext dataset from. The dataset is sealed everywhere else,
 * so this file must not outlive the prover (see jobs/cliProver.ts).
 */
export const PLAINTEXT_DATASET_FILE = 'dataset.bin'

/** What the guest proves about: canonical bytes, the job id and the threshold. */
export type ProofInputs = {
  /** Canonical model bytes (`encodeModel`). */
  modelBytes: Uint8Array
  /** Canonical test-set bytes (`encodeTable`). */
  testSetBytes: Uint8Array
  /** The market job id, 32 bytes. */
  jobId: Hex
  /** Accuracy threshold in basis points, 0..10000. */
  thresholdBps: number
  /** Segment size as log2 cycles (CLI default 20; zkVerify accepts <= 21). */
  segmentPo2?: number
}

/** Writes the model and test set into `workDir` (created if needed; a temp dir when omitted). */
export async function writeInputFiles(
  inputs: ProofInputs,
  workDir?: string,
): Promise<{ dir: string; model: string; testSet: string }> {
  const dir = workDir ?? (await mkdtemp(join(tmpdir(), 'veritree-prover-')))
  await mkdir(dir, { recursive: true })
  const model = join(dir, 'model.bin')
  const testSet = join(dir, 'test-set.bin')
  await writeFile(model, inputs.modelBytes)
  await writeFile(testSet, inputs.testSetBytes)
  return { dir, model, testSet }
}

/** CLI flags for the inputs shared by `execute` and `prove`. */
export function inputArgs(inputs: ProofInputs, files: { model: string; testSet: string }): string[] {
  const args = [
    '--model',
    files.model,
    '--test-set',
    files.testSet,
    '--job-id',
    inputs.jobId,
    '--threshold-bps',
    String(inputs.thresholdBps),
  ]
  if (inputs.segmentPo2 !== undefined) args.push('--segment-po2', String(inputs.segmentPo2))
  return args
}

/**
 * What the guest proves in mode 2: it trains on the dataset with the parameters, then evaluates
 * the model it trained on the test set (format-2 journal).
 */
export type TrainingProofInputs = Omit<ProofInputs, 'modelBytes'> & {
  /** Canonical dataset bytes (`encodeTable`): the bytes whose `tableHash` is the market's commitment. */
  datasetBytes: Uint8Array
  /** Training parameters; the CLI gets their 11 canonical bytes, whose hash is the job's paramsHash. */
  params: TrainingParams
}

/** Writes the dataset and test set into `workDir` (created if needed; a temp dir when omitted). */
export async function writeTrainingInputFiles(
  inputs: TrainingProofInputs,
  workDir?: string,
): Promise<{ dir: string; dataset: string; testSet: string }> {
  const dir = workDir ?? (await mkdtemp(join(tmpdir(), 'veritree-prover-')))
  await mkdir(dir, { recursive: true })
  const dataset = join(dir, PLAINTEXT_DATASET_FILE)
  const testSet = join(dir, 'test-set.bin')
  await writeFile(dataset, inputs.datasetBytes)
  await writeFile(testSet, inputs.testSetBytes)
  return { dir, dataset, testSet }
}

/** CLI flags of `execute|prove --mode 2` (`--params` is the canonical bytes as hex). */
export function trainingInputArgs(
  inputs: TrainingProofInputs,
  files: { dataset: string; testSet: string },
): string[] {
  const args = [
    '--mode',
    '2',
    '--dataset',
    files.dataset,
    '--params',
    bytesToHex(encodeTrainingParams(inputs.params)),
  ]
  args.push(
    '--test-set',
    files.testSet,
    '--job-id',
    inputs.jobId,
    '--threshold-bps',
    String(inputs.thresholdBps),
  )
  if (inputs.segmentPo2 !== undefined) args.push('--segment-po2', String(inputs.segmentPo2))
  return args
}

/** What the guest proves in mode 3: a model's predictions for input rows, for one feed request. */
export type InferenceProofInputs = {
  /** Canonical model bytes (`encodeModel`): the feed's model, whose hash the feed lists. */
  modelBytes: Uint8Array
  /** Canonical inputs bytes (`encodeInputs`): the rows predicted, whose hash the journal commits. */
  inputsBytes: Uint8Array
  /** The InferenceFeed request id, 32 bytes. */
  requestId: Hex
  /** Segment size as log2 cycles (CLI default 20; zkVerify accepts <= 21). */
  segmentPo2?: number
}

/** Writes the model and inputs into `workDir` (created if needed; a temp dir when omitted). */
export async function writeInferenceInputFiles(
  inputs: InferenceProofInputs,
  workDir?: string,
): Promise<{ dir: string; model: string; inputs: string }> {
  const dir = workDir ?? (await mkdtemp(join(tmpdir(), 'veritree-prover-')))
  await mkdir(dir, { recursive: true })
  const model = join(dir, 'model.bin')
  const inputsFile = join(dir, 'inputs.bin')
  await writeFile(model, inputs.modelBytes)
  await writeFile(inputsFile, inputs.inputsBytes)
  return { dir, model, inputs: inputsFile }
}

/** CLI flags of `execute|prove --mode 3`. */
export function inferenceInputArgs(
  inputs: InferenceProofInputs,
  files: { model: string; inputs: string },
): string[] {
  const args = [
    '--mode',
    '3',
    '--model',
    files.model,
    '--inputs',
    files.inputs,
    '--request-id',
    inputs.requestId,
  ]
  if (inputs.segmentPo2 !== undefined) args.push('--segment-po2', String(inputs.segmentPo2))
  return args
}
