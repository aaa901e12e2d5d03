import { z } from 'zod'
import { gainThresholdPpm, PPM, type TrainingParams } from '../canonical/trainingParams.ts'

export {
  decodeTrainingParams,
  encodeTrainingParams,
  formatGainThreshold,
  gainThresholdPpm,
  PPM,
  type TrainingParams,
  trainingParamsHash,
} from '../canonical/trainingParams.ts'

/**
 * Fewest training rows any leaf may hold. A decision-tree leaf built from one or two rows publishes
 * those rows' values through its split thresholds; five keeps every leaf an aggregate.
 */
export const PRIVACY_FLOOR_MIN_LEAF_SIZE = 5

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  maxDepth: 6,
  minLeafSize: PRIVACY_FLOOR_MIN_LEAF_SIZE,
  gainThresholdPpm: 10_000,
}

/** The gain threshold as the query carries it: a decimal in [0, 1] with at most 6 decimals → ppm. */
const GainThresholdSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    try {
      return gainThresholdPpm(value)
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: (error as Error).message.replace(/^GAIN_THRESHOLD: gainThreshold /, ''),
      })
      return z.NEVER
    }
  })
  .meta({ description: 'decimal in [0, 1], at most 6 decimals (hashed as parts per million)' })

/**
 * Query-string form of the training parameters (numbers arrive as text). `gainThreshold` is a decimal
 * here and comes out as `gainThreshold` in ppm; {@link trainingParamsFromQuery} names it properly.
 */
export const TrainingQuerySchema = z.object({
  maxDepth: z.coerce.number().int().min(1).max(32).default(DEFAULT_TRAINING_PARAMS.maxDepth),
  minLeafSize: z.coerce
    .number()
    .int()
    .min(
      PRIVACY_FLOOR_MIN_LEAF_SIZE,
      `minLeafSize must be at least ${PRIVACY_FLOOR_MIN_LEAF_SIZE} (privacy floor: smaller leaves reveal individual training rows)`,
    )
    .max(100_000)
    .default(DEFAULT_TRAINING_PARAMS.minLeafSize),
  gainThreshold: GainThresholdSchema.default(DEFAULT_TRAINING_PARAMS.gainThresholdPpm),
})

/** The parsed query as {@link TrainingParams}. */
export function trainingParamsFromQuery(query: z.output<typeof TrainingQuerySchema>): TrainingParams {
  return { maxDepth: query.maxDepth, minLeafSize: query.minLeafSize, gainThresholdPpm: query.gainThreshold }
}

/** Query text → {@link TrainingParams}, with the same rules and messages as the HTTP API. */
export const TrainingParamsSchema = TrainingQuerySchema.transform(trainingParamsFromQuery)

/** ml-cart's `gainThreshold` option, a fraction: the only place ppm turns back into a float. */
export function gainThresholdFraction(params: TrainingParams): number {
  return params.gainThresholdPpm / PPM
}
