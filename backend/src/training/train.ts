import { encodeModel, type Model, modelHash, type Table } from '@veritree/core/canonical'
import type { TrainingParams } from '@veritree/core/training'
import type { Hex } from 'viem'
import { trainCart } from './cart.ts'
import { cartToModel } from './convert.ts'
import { enforceMinLeafSize } from './leafFloor.ts'

export type TrainedModel = { model: Model; modelBytes: Uint8Array; modelHash: Hex }

/**
 * Trains the canonical decision tree for a dataset: ml-cart, converted to canonical thresholds, then the
 * leaf-size floor. Deterministic: the same table and parameters always give the same model bytes.
 *
 * @example
 * const { modelBytes, modelHash } = trainModel(table, schema.classes.length, { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 10_000 })
 */
export function trainModel(table: Table, classes: number, params: TrainingParams): TrainedModel {
  if (table.rows < params.minLeafSize) {
    throw new Error(`the dataset has ${table.rows} rows, fewer than minLeafSize ${params.minLeafSize}`)
  }
  const { root } = trainCart(table, params)
  const model = enforceMinLeafSize(cartToModel(root, table, classes), table, params.minLeafSize)
  const modelBytes = encodeModel(model)
  return { model, modelBytes, modelHash: modelHash(modelBytes) }
}
