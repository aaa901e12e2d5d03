/**
 * Canonical encodings shared with the zkVM guest (zkvm-guest/core). Pure and browser-safe: no
 * `node:` imports. Golden vectors in zkvm-guest/vectors/golden.json pin both implementations.
 */
export { CanonicalError, type CanonicalErrorCode, FixedPointError } from './errors.ts'
export { evaluate, MAX_THRESHOLD_BPS, predict, thresholdMet } from './evaluate.ts'
export { formatFixed, parseFixed, SCALE } from './fixedPoint.ts'
export {
  decodeInputs,
  decodePredictions,
  encodeInputs,
  encodePredictions,
  type Inputs,
  inputsHash,
  PREDICTION_BYTES,
  predictInputs,
  predictionsHash,
} from './inference.ts'
export {
  decodeInferenceJournal,
  encodeInferenceJournal,
  INFERENCE_JOURNAL_ABI,
  INFERENCE_JOURNAL_BYTES,
  type InferenceJournal,
} from './inferenceJournal.ts'
export { decodeJournal, encodeJournal, JOURNAL_ABI, JOURNAL_BYTES, type Journal } from './journal.ts'
export {
  decodeFlatModel,
  decodeModel,
  encodeModel,
  type FlatNode,
  flattenModel,
  type Model,
  type ModelNode,
  modelHash,
} from './model.ts'
export { decodeTable, encodeTable, type Table, tableHash } from './table.ts'
export {
  MAX_TRAINING_CYCLES,
  TRAINING_CYCLE_MODEL,
  type TrainingShape,
  trainingCyclesBound,
  trainingFits,
} from './trainingCycles.ts'
export {
  type AnyJournal,
  datasetClasses,
  decodeAnyJournal,
  decodeSaleJournal,
  decodeTrainingJournal,
  encodeTrainingJournal,
  JOURNAL_FORMATS,
  type SaleJournal,
  TRAINING_JOURNAL_ABI,
  TRAINING_JOURNAL_BYTES,
  type TrainingJournal,
} from './trainingJournal.ts'
export {
  decodeTrainingParams,
  encodeTrainingParams,
  formatGainThreshold,
  gainThresholdPpm,
  PPM,
  TRAINING_PARAMS_BYTES,
  TRAINING_PARAMS_VERSION,
  type TrainingParams,
  trainingParamsHash,
} from './trainingParams.ts'
export { RISC0_CONTEXT, RISC0_V3_0_TAG, zkVerifyStatement } from './zkVerify.ts'
