import type { Table } from '@veritree/core/canonical'
import { gainThresholdFraction, type TrainingParams } from '@veritree/core/training'
import { DecisionTreeClassifier } from 'ml-cart'

/** The parts of ml-cart's internal tree node we read (it exports no types). */
export type CartNode = {
  splitColumn?: number
  splitValue?: number
  left?: CartNode
  right?: CartNode
}

/** A trained ml-cart classifier and its root node. */
export type CartTree = { classifier: DecisionTreeClassifier; root: CartNode }

/** Feature rows as JS numbers: exact, because |fixed-point| < 2^52 was enforced when parsing. */
export function toNumberRows(table: Table): number[][] {
  const rows: number[][] = new Array(table.rows)
  for (let r = 0; r < table.rows; r++) {
    const row = new Array<number>(table.features)
    for (let f = 0; f < table.features; f++) row[f] = Number(table.values[r * table.features + f])
    rows[r] = row
  }
  return rows
}

/**
 * Trains ml-cart's CART classifier (Gini, mean-of-neighbours splits) on the fixed-point integers.
 * Nodes with fewer than `2 × minLeafSize` rows cannot be split into two legal leaves, so ml-cart's
 * `minNumSamples` stops there; undersized leaves it still makes are collapsed later.
 */
export function trainCart(table: Table, params: TrainingParams): CartTree {
  const classifier = new DecisionTreeClassifier({
    gainFunction: 'gini',
    splitFunction: 'mean',
    minNumSamples: 2 * params.minLeafSize - 1,
    maxDepth: params.maxDepth,
    gainThreshold: gainThresholdFraction(params),
  })
  classifier.train(toNumberRows(table), Array.from(table.labels))
  return { classifier, root: (classifier as unknown as { root: CartNode }).root }
}
