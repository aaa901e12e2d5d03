import type { Model, ModelNode, Table } from '@veritree/core/canonical'
import { seededRandom } from '@veritree/core/random'

/**
 * Seeded synthetic test sets and trees (8 features, 3 classes) for benchmarks and for tests that need
 * inputs of a chosen size: the cost of proving depends on rows, path length and model size, not on
 * what the numbers mean. Same seed, same bytes, on every machine.
 */

export const SYNTHETIC_FEATURES = 8
export const SYNTHETIC_CLASSES = 3
/** zkDT's reference tree has 1,029 nodes; deeper trees are capped there. */
const MAX_NODES = 1_029
const VALUE_RANGE = 1_000_000_000n // values and thresholds in [-1000, 1000) units of 10^-6

const randomValue = (r: () => number): bigint =>
  BigInt(Math.floor(r() * Number(2n * VALUE_RANGE))) - VALUE_RANGE

/**
 * `rows` random rows with random labels.
 *
 * @example
 * syntheticTable(1000, 1) // { rows: 1000, features: 8, … }
 */
export function syntheticTable(rows: number, seed: number): Table {
  const r = seededRandom(seed)
  const values = new BigInt64Array(rows * SYNTHETIC_FEATURES)
  for (let i = 0; i < values.length; i++) values[i] = randomValue(r)
  const labels = new Uint16Array(rows)
  for (let i = 0; i < rows; i++) labels[i] = Math.floor(r() * SYNTHETIC_CLASSES)
  return { rows, features: SYNTHETIC_FEATURES, values, labels }
}

/**
 * A tree of depth `depth`: full binary up to depth 8; deeper trees keep one root-to-leaf path of
 * length `depth` and cap the size at ~1,000 nodes, so rows take paths of varying length.
 *
 * @example
 * countNodes(syntheticModel(8, 1).root) // 511
 */
export function syntheticModel(depth: number, seed: number): Model {
  const r = seededRandom(seed)
  let budget = MAX_NODES - 1 - 2 * depth // reserve the guaranteed spine
  const build = (level: number, onSpine: boolean): ModelNode => {
    if (level === depth) return { kind: 'leaf', label: Math.floor(r() * SYNTHETIC_CLASSES) }
    const full = depth <= 8
    const spineLeft = onSpine && r() < 0.5
    const grow = (isSpine: boolean): ModelNode => {
      if (isSpine || full || budget >= 2) {
        if (!isSpine && !full) budget -= 2
        return build(level + 1, isSpine)
      }
      return { kind: 'leaf', label: Math.floor(r() * SYNTHETIC_CLASSES) }
    }
    const feature = Math.floor(r() * SYNTHETIC_FEATURES)
    const threshold = randomValue(r)
    const left = grow(onSpine && spineLeft)
    const right = grow(onSpine && !spineLeft)
    return { kind: 'split', feature, threshold, left, right }
  }
  return { features: SYNTHETIC_FEATURES, classes: SYNTHETIC_CLASSES, root: build(0, true) }
}

/** Number of nodes in a tree. */
export function countNodes(n: ModelNode): number {
  return n.kind === 'leaf' ? 1 : 1 + countNodes(n.left) + countNodes(n.right)
}
