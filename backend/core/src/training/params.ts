import { z } from 'zod'

/**
 * Fewest training rows any leaf may hold. A decision-tree leaf built from one or two rows publishes
 * those rows' values through its split thresholds; five keeps every leaf an aggregate.
 */
export const PRIVACY_FLOOR_MIN_LEAF_SIZE = 5

/** Hyperparameters a customer chooses for their model. */
export type TrainingParams = {
  /** Deepest split level (the root is depth 0). */
  maxDepth: number
  /** Fewest training rows in any leaf; at least {@link PRIVACY_FLOOR_MIN_LEAF_SIZE}. */
  minLeafSize: number
  /** Smallest Gini gain worth a split. */
  gainThreshold: number
}

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  maxDepth: 6,
  minLeafSize: PRIVACY_FLOOR_MIN_LEAF_SIZE,
  gainThreshold: 0.01,
}

/** Query-string form of {@link TrainingParams} (numbers arrive as text). */
export const TrainingParamsSchema = z.object({
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
  gainThreshold: z.coerce.number().min(0).max(1).default(DEFAULT_TRAINING_PARAMS.gainThreshold),
})
