// Production training: the Rust trainer behind a bounded queue. ml-cart (train.ts, cart.ts,
// convert.ts, leafFloor.ts) is not exported here: it is the reference the tests compare against.
export {
  DEFAULT_TRAINING_PARAMS,
  PRIVACY_FLOOR_MIN_LEAF_SIZE,
  type TrainingParams,
  TrainingParamsSchema,
} from '@veritree/core/training'
export { DatasetRowsMissingError, TrainingTimeoutError } from './errors.ts'
export {
  createTrainingQueue,
  sharedTrainingQueue,
  type TrainingPriority,
  type TrainingQueue,
  TrainingQueueFullError,
} from './queue.ts'
export {
  type TrainAndScoreDeps,
  type TrainAndScoreRequest,
  type TrainAndScoreResult,
  trainAndScore,
} from './trainAndScore.ts'
