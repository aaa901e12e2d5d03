import { type Hex, sha256 } from 'viem'
import { checkInt, toBytesStrict } from './bytes.ts'
import { CanonicalError } from './errors.ts'

/** A tree node. A row goes LEFT iff `row[feature] <= threshold` (fixed point), else right. */
export type ModelNode =
  | { kind: 'split'; feature: number; threshold: bigint; left: ModelNode; right: ModelNode }
  | { kind: 'leaf'; label: number }

/** A decision tree over `features` fixed-point inputs predicting one of `classes` labels. */
export type Model = { features: number; classes: number; root: ModelNode }

/** A node as it sits in the canonical byte string (preorder, children as indices). */
export type FlatNode =
  | { kind: 'split'; feature: number; threshold: bigint; left: number; right: number }
  | { kind: 'leaf'; label: number }

const HEADER = 8
const SPLIT = 0
const LEAF = 1
const SPLIT_BYTES = 19
const LEAF_BYTES = 3
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

const shapeError = (m: string): never => {
  throw new CanonicalError('MODEL_SHAPE', m)
}

/**
 * Flattens a tree into canonical preorder (left child = index + 1, right child = index just past the
 * left subtree). Iterative, so degenerate deep trees do not overflow the JS stack.
 */
export function flattenModel(m: Model): FlatNode[] {
  checkInt(m.features, 1, 0xffff, 'features', shapeError)
  checkInt(m.classes, 1, 0xffff, 'classes', shapeError)
  const flat: FlatNode[] = []
  type Task = { node: ModelNode } | { patchRightOf: number }
  const todo: Task[] = [{ node: m.root }]
  while (todo.length > 0) {
    const task = todo.pop() as Task
    if ('patchRightOf' in task) {
      ;(flat[task.patchRightOf] as Extract<FlatNode, { kind: 'split' }>).right = flat.length
      continue
    }
    const node = task.node
    const index = flat.length
    if (node.kind === 'leaf') {
      if (!Number.isInteger(node.label) || node.label < 0 || node.label >= m.classes) {
        throw new CanonicalError(
          'MODEL_CLASS',
          `leaf ${index} predicts class ${node.label}, beyond the model's ${m.classes} classes`,
        )
      }
      flat.push({ kind: 'leaf', label: node.label })
    } else if (node.kind === 'split') {
      if (!Number.isInteger(node.feature) || node.feature < 0 || node.feature >= m.features) {
        throw new CanonicalError(
          'MODEL_FEATURE',
          `node ${index} splits on feature ${node.feature}, beyond the model's ${m.features} features`,
        )
      }
      if (typeof node.threshold !== 'bigint' || node.threshold < I64_MIN || node.threshold > I64_MAX) {
        shapeError(`node ${index} threshold ${String(node.threshold)} is not an i64 bigint`)
      }
      flat.push({
        kind: 'split',
        feature: node.feature,
        threshold: node.threshold,
        left: index + 1,
        right: -1,
      })
      todo.push({ node: node.right }, { patchRightOf: index }, { node: node.left })
    } else {
      shapeError(`node ${index} has unknown kind ${String((node as { kind: unknown }).kind)}`)
    }
  }
  if (flat.length > 0xffff_ffff) shapeError(`${flat.length} nodes do not fit in u32`)
  return flat
}

/**
 * Canonical model bytes: `u32 nodes, u16 features, u16 classes`, then nodes in preorder (split =
 * `u8 0, u16 feature, i64 threshold, u32 left, u32 right`; leaf = `u8 1, u16 class`), little-endian.
 *
 * @throws {CanonicalError} MODEL_SHAPE | MODEL_FEATURE | MODEL_CLASS
 * @example
 * encodeModel({ features: 1, classes: 2, root: { kind: 'leaf', label: 1 } }) // 11 bytes
 */
export function encodeModel(m: Model): Uint8Array {
  const flat = flattenModel(m)
  const size = flat.reduce((n, node) => n + (node.kind === 'split' ? SPLIT_BYTES : LEAF_BYTES), HEADER)
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  view.setUint32(0, flat.length, true)
  view.setUint16(4, m.features, true)
  view.setUint16(6, m.classes, true)
  let at = HEADER
  for (const node of flat) {
    if (node.kind === 'split') {
      view.setUint8(at, SPLIT)
      view.setUint16(at + 1, node.feature, true)
      view.setBigInt64(at + 3, node.threshold, true)
      view.setUint32(at + 11, node.left, true)
      view.setUint32(at + 15, node.right, true)
      at += SPLIT_BYTES
    } else {
      view.setUint8(at, LEAF)
      view.setUint16(at + 1, node.label, true)
      at += LEAF_BYTES
    }
  }
  return out
}

/**
 * Decodes canonical model bytes. Only the canonical encoding of a tree is accepted: exact length,
 * known node kinds, features/classes in range and canonical preorder child indices.
 *
 * @throws {CanonicalError} MODEL_TRUNCATED | MODEL_HEADER | MODEL_NODE_KIND | MODEL_FEATURE |
 *   MODEL_CLASS | MODEL_TRAILING | MODEL_STRUCTURE | HEX
 * @example
 * decodeModel(encodeModel(m)) // deep-equals m
 */
export function decodeModel(input: Uint8Array | Hex): Model {
  const { features, classes, nodes } = decodeFlatModel(input)
  return { features, classes, root: buildTree(nodes) }
}

/** Like {@link decodeModel} but returns the preorder node list with child indices. */
export function decodeFlatModel(input: Uint8Array | Hex): {
  features: number
  classes: number
  nodes: FlatNode[]
} {
  const bytes = toBytesStrict(input, 'model')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const need = (at: number, n: number): void => {
    if (at + n > bytes.length)
      throw new CanonicalError('MODEL_TRUNCATED', `model bytes end early at offset ${bytes.length}`)
  }
  need(0, HEADER)
  const count = view.getUint32(0, true)
  const features = view.getUint16(4, true)
  const classes = view.getUint16(6, true)
  if (count === 0 || features === 0 || classes === 0) {
    throw new CanonicalError(
      'MODEL_HEADER',
      `model header has ${count} nodes, ${features} features, ${classes} classes; all must be >= 1`,
    )
  }
  const nodes: FlatNode[] = []
  let at = HEADER
  for (let i = 0; i < count; i++) {
    need(at, 1)
    const tag = view.getUint8(at)
    if (tag === SPLIT) {
      need(at, SPLIT_BYTES)
      const feature = view.getUint16(at + 1, true)
      if (feature >= features)
        throw new CanonicalError(
          'MODEL_FEATURE',
          `node ${i} splits on feature ${feature}, beyond the model's ${features} features`,
        )
      const threshold = view.getBigInt64(at + 3, true)
      nodes.push({
        kind: 'split',
        feature,
        threshold,
        left: view.getUint32(at + 11, true),
        right: view.getUint32(at + 15, true),
      })
      at += SPLIT_BYTES
    } else if (tag === LEAF) {
      need(at, LEAF_BYTES)
      const label = view.getUint16(at + 1, true)
      if (label >= classes)
        throw new CanonicalError(
          'MODEL_CLASS',
          `leaf ${i} predicts class ${label}, beyond the model's ${classes} classes`,
        )
      nodes.push({ kind: 'leaf', label })
      at += LEAF_BYTES
    } else {
      throw new CanonicalError('MODEL_NODE_KIND', `node ${i} has kind ${tag}; expected 0 (split) or 1 (leaf)`)
    }
  }
  if (at !== bytes.length)
    throw new CanonicalError('MODEL_TRAILING', `${bytes.length - at} bytes after the last node`)
  checkPreorder(nodes)
  return { features, classes, nodes }
}

/**
 * `modelHash`: SHA-256 of the canonical model bytes.
 *
 * @example
 * modelHash(encodeModel(m)) // '0x…' (32 bytes)
 */
export function modelHash(bytes: Uint8Array): Hex {
  return sha256(bytes)
}

const structureError = (node: number): never => {
  throw new CanonicalError(
    'MODEL_STRUCTURE',
    `node ${node} breaks canonical preorder (children or node count)`,
  )
}

/** Same walk as the Rust core's `check_preorder`, so both blame the same node. */
function checkPreorder(nodes: FlatNode[]): void {
  const open: { split: number; inRight: boolean }[] = []
  let i = 0
  for (;;) {
    const node = nodes[i]
    if (node === undefined) structureError(open.at(-1)?.split ?? 0)
    else if (node.kind === 'split') {
      if (node.left !== i + 1) structureError(i)
      open.push({ split: i, inRight: false })
      i += 1
    } else {
      i += 1
      for (;;) {
        const top = open.at(-1)
        if (top === undefined) {
          if (i !== nodes.length) structureError(i)
          return
        }
        if (!top.inRight) {
          if ((nodes[top.split] as Extract<FlatNode, { kind: 'split' }>).right !== i)
            structureError(top.split)
          top.inRight = true
          break
        }
        open.pop()
      }
    }
  }
}

/** Rebuilds the nested tree from validated preorder nodes, iteratively (right subtrees first). */
function buildTree(nodes: FlatNode[]): ModelNode {
  const built: ModelNode[] = new Array(nodes.length)
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as FlatNode
    built[i] =
      n.kind === 'leaf'
        ? { kind: 'leaf', label: n.label }
        : {
            kind: 'split',
            feature: n.feature,
            threshold: n.threshold,
            left: built[n.left] as ModelNode,
            right: built[n.right] as ModelNode,
          }
  }
  return built[0] as ModelNode
}
