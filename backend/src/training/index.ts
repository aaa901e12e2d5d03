export {
  DEFAULT_TRAINING_PARAMS,
  PRIVACY_FLOOR_MIN_LEAF_SIZE,
  type TrainingParams,
  TrainingParamsSchema,
} from '@veritree/core/training'
export { type TrainAndEvaluateInput, type TrainAndEvaluateResult, trainAndEvaluate } from './evaluate.ts'
export { enforceMinLeafSize, leafSizes } from './leafFloor.ts'
export {
  createTrainingQueue,
  sharedTrainingQueue,
  type TrainingPriority,
  type TrainingQueue,
  TrainingQueueFullError,
} from './queue.ts'
export { runTraining, TrainingTimeoutError, trainInWorker } from './runTraining.ts'
export { type TrainedModel, trainModel } from './train.ts'
export {
  type TrainAndScoreDeps,
  type TrainAndScoreRequest,
  trainAndScore,
} from './trainAndScore.ts'
