import type { Model, ModelNode, Table } from '@veritree/core/canonical'
import type { CartNode } from './cart.ts'

/**
 * ml-cart sends a row left when `x < t` (t a float, the mean of two neighbours). Canonical models send
 * it left when `x <= threshold` on integers. For integer x, `x < t` ⟺ `x <= ceil(t) - 1`.
 */
export function canonicalThreshold(t: number): bigint {
  if (!Number.isFinite(t)) throw new Error(`ml-cart produced a non-finite split value ${t}`)
  return BigInt(Math.ceil(t)) - 1n
}

/** Most frequent label among `rows`; ties go to the lowest class index, as ml-cart's argmax does. */
export function majorityLabel(table: Table, rows: Uint32Array, classes: number): number {
  const counts = new Uint32Array(classes)
  for (const r of rows) counts[table.labels[r] as number] = (counts[table.labels[r] as number] as number) + 1
  let best = 0
  for (let c = 1; c < classes; c++) if ((counts[c] as number) > (counts[best] as number)) best = c
  return best
}

/**
 * Converts an ml-cart tree to the canonical model. Each leaf's label is the majority of the training
 * rows that reach it, which is exactly ml-cart's own leaf prediction (the same rows reach both).
 */
export function cartToModel(root: CartNode, table: Table, classes: number): Model {
  const all = new Uint32Array(table.rows)
  for (let r = 0; r < table.rows; r++) all[r] = r
  const walk = (node: CartNode, rows: Uint32Array): ModelNode => {
    if (node.left && node.right && node.splitColumn !== undefined && node.splitValue !== undefined) {
      const feature = node.splitColumn
      const threshold = canonicalThreshold(node.splitValue)
      const [left, right] = partition(table, rows, feature, threshold)
      return {
        kind: 'split',
        feature,
        threshold,
        left: walk(node.left, left),
        right: walk(node.right, right),
      }
    }
    return { kind: 'leaf', label: majorityLabel(table, rows, classes) }
  }
  return { features: table.features, classes, root: walk(root, all) }
}

/** Splits row indices by the canonical rule: left iff value <= threshold. */
export function partition(
  table: Table,
  rows: Uint32Array,
  feature: number,
  threshold: bigint,
): [Uint32Array, Uint32Array] {
  const left: number[] = []
  const right: number[] = []
  for (const r of rows) {
    if ((table.values[r * table.features + feature] as bigint) <= threshold) left.push(r)
    else right.push(r)
  }
  return [Uint32Array.from(left), Uint32Array.from(right)]
}
