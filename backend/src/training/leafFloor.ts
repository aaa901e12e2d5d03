import type { Model, ModelNode, Table } from '@veritree/core/canonical'
import { majorityLabel, partition } from './convert.ts'

/**
 * Enforces the privacy floor: no leaf may hold fewer than `minLeafSize` training rows.
 * Bottom-up, any split with an undersized leaf child becomes one leaf (majority of its rows), so the
 * result is the same for the same tree and data. Children are fixed first, so a collapse can cascade
 * upwards; the root always ends with at least min(rows, minLeafSize) rows.
 * Also merges a split whose two leaves predict the same class: it changes no prediction.
 */
export function enforceMinLeafSize(model: Model, table: Table, minLeafSize: number): Model {
  const all = new Uint32Array(table.rows)
  for (let r = 0; r < table.rows; r++) all[r] = r
  const visit = (node: ModelNode, rows: Uint32Array): ModelNode => {
    if (node.kind === 'leaf') return node
    const [leftRows, rightRows] = partition(table, rows, node.feature, node.threshold)
    const left = visit(node.left, leftRows)
    const right = visit(node.right, rightRows)
    const tooSmall = (child: ModelNode, n: number): boolean => child.kind === 'leaf' && n < minLeafSize
    if (tooSmall(left, leftRows.length) || tooSmall(right, rightRows.length)) {
      return { kind: 'leaf', label: majorityLabel(table, rows, model.classes) }
    }
    if (left.kind === 'leaf' && right.kind === 'leaf' && left.label === right.label) return left
    return { ...node, left, right }
  }
  return { ...model, root: visit(model.root, all) }
}

/** Training rows per leaf, in preorder (for tests and the certificate's privacy statement). */
export function leafSizes(model: Model, table: Table): number[] {
  const sizes: number[] = []
  const all = new Uint32Array(table.rows)
  for (let r = 0; r < table.rows; r++) all[r] = r
  const visit = (node: ModelNode, rows: Uint32Array): void => {
    if (node.kind === 'leaf') {
      sizes.push(rows.length)
      return
    }
    const [l, r] = partition(table, rows, node.feature, node.threshold)
    visit(node.left, l)
    visit(node.right, r)
  }
  visit(model.root, all)
  return sizes
}
