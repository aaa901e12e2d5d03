export {
  DEFAULT_TRAINING_PARAMS,
  PRIVACY_FLOOR_MIN_LEAF_SIZE,
  type TrainingParams,
  TrainingParamsSchema,
} from '@veritree/core/training'
export { type TrainAndEvaluateInput, type TrainAndEvaluateResult, trainAndEvaluate } from './evaluate.ts'
export { enforceMinLeafSize, leafSizes } from './leafFloor.ts'
export { runTraining, TrainingTimeoutError } from './runTraining.ts'
export { type TrainedModel, trainModel } from './train.ts'
