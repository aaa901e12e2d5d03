import {
  DEFAULT_TRAINING_PARAMS,
  formatGainThreshold,
  type TrainingParams,
  TrainingParamsSchema,
} from '@veritree/core/training'

/** Form text for the backend's default training settings. */
export const DEFAULT_TRAINING_FORM = {
  maxDepth: String(DEFAULT_TRAINING_PARAMS.maxDepth),
  minLeafSize: String(DEFAULT_TRAINING_PARAMS.minLeafSize),
  gainThreshold: formatGainThreshold(DEFAULT_TRAINING_PARAMS.gainThresholdPpm),
}

/**
 * Validates typed training settings with the backend's own zod schema, so the form refuses exactly
 * what the server would (including the minimum-leaf privacy floor).
 *
 * @example
 * parseTrainingForm({ maxDepth: '4', minLeafSize: '5', gainThreshold: '0' }) // { params: { maxDepth: 4, ... } }
 */
export function parseTrainingForm(form: {
  maxDepth: string
  minLeafSize: string
  gainThreshold: string
}): { params: TrainingParams } | { error: string } {
  const blank = Object.entries(form).find(([, v]) => v.trim() === '')
  if (blank) return { error: `${blank[0]}: enter a number.` }
  const result = TrainingParamsSchema.safeParse(form)
  if (result.success) return { params: result.data }
  return { error: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') }
}
