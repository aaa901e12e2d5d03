import { decodeTable, evaluate, type Table } from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import { type TrainedModel, trainModel } from './train.ts'

export type TrainAndEvaluateInput = {
  /** Canonical dataset bytes (decrypted). */
  datasetBytes: Uint8Array
  classes: number
  params: TrainingParams
  /** Canonical test-set bytes. */
  testSetBytes: Uint8Array
}

export type TrainAndEvaluateResult = TrainedModel & { correct: number; total: number }

/**
 * Trains on the dataset and scores the model on the test set with the canonical evaluator (the same
 * rule the guest proves). Pure and deterministic.
 */
export function trainAndEvaluate(input: TrainAndEvaluateInput): TrainAndEvaluateResult {
  const dataset: Table = decodeTable(input.datasetBytes)
  const testSet: Table = decodeTable(input.testSetBytes)
  if (testSet.features !== dataset.features) {
    throw new Error(`the test set has ${testSet.features} features, the dataset ${dataset.features}`)
  }
  const trained = trainModel(dataset, input.classes, input.params)
  const { correct, total } = evaluate(trained.model, testSet)
  return { ...trained, correct: Number(correct), total: Number(total) }
}
