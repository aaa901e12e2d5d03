/**
 * zkVerify's aggregation tree: Substrate's `binary-merkle-tree` with keccak256 over statements.
 *
 * - each leaf node is keccak256(statement);
 * - a parent is keccak256(left ‖ right), unsorted;
 * - an odd last node is promoted to the next row unchanged and adds no path element for that row.
 *
 * Pure and browser-safe: the certificate page re-checks paths with this same file.
 */
import { concatHex, type Hex, isHex, keccak256, size } from 'viem'

/** A statement's place in one aggregation, as `verifyProofAggregation` takes it. */
export type MerkleProof = {
  root: Hex
  /** Sibling hashes from the leaf's row upwards. */
  path: Hex[]
  leafCount: number
  index: number
}

/** Parameters of {@link verifyMerklePath}. */
export type VerifyMerklePathParameters = {
  root: Hex
  /** The statement itself (hashed once more to form the leaf node). */
  leaf: Hex
  path: readonly Hex[]
  leafCount: number | bigint
  index: number | bigint
}

function assertBytes32(value: Hex, what: string): void {
  if (!isHex(value, { strict: true }) || size(value) !== 32) {
    throw new Error(`${what} must be a 0x-prefixed 32-byte hex string, got ${String(value)}`)
  }
}

function nextRow(row: readonly Hex[]): Hex[] {
  const next: Hex[] = []
  for (let i = 0; i < row.length; i += 2) {
    next.push(i + 1 < row.length ? keccak256(concatHex([row[i], row[i + 1]])) : row[i])
  }
  return next
}

function leafNodes(statements: readonly Hex[]): Hex[] {
  if (statements.length === 0) throw new Error('an aggregation needs at least one statement')
  statements.forEach((s, i) => {
    assertBytes32(s, `statement ${i}`)
  })
  return statements.map((s) => keccak256(s))
}

/**
 * Root of the aggregation tree over `statements` (in aggregation order).
 *
 * @example
 * merkleRoot([statementA, statementB]) // keccak256(keccak256(A) ‖ keccak256(B))
 */
export function merkleRoot(statements: readonly Hex[]): Hex {
  let row = leafNodes(statements)
  while (row.length > 1) row = nextRow(row)
  return row[0]
}

/**
 * Root and sibling path proving that `statements[index]` belongs to the tree over `statements`.
 *
 * @example
 * const { root, path } = merkleProof(statements, 2)
 * verifyMerklePath({ root, leaf: statements[2], path, leafCount: statements.length, index: 2 }) // true
 */
export function merkleProof(statements: readonly Hex[], index: number): MerkleProof {
  if (!Number.isSafeInteger(index) || index < 0 || index >= statements.length) {
    throw new Error(`index ${index} is not a leaf of a tree with ${statements.length} leaves`)
  }
  let row = leafNodes(statements)
  const path: Hex[] = []
  let pos = index
  while (row.length > 1) {
    const sibling = pos % 2 === 1 ? pos - 1 : pos + 1
    // A promoted last node has no sibling in this row.
    if (sibling < row.length) path.push(row[sibling])
    row = nextRow(row)
    pos = Math.floor(pos / 2)
  }
  return { root: row[0], path, leafCount: statements.length, index }
}

/**
 * Number of path elements a valid proof for `index` in a `leafCount`-leaf tree has: one per row in which
 * the node has a sibling.
 */
export function expectedPathLength(leafCount: bigint, index: bigint): number {
  let length = 0
  let pos = index
  let width = leafCount
  while (width > 1n) {
    if (!(pos % 2n === 0n && pos + 1n === width)) length++
    pos /= 2n
    width = (width - 1n) / 2n + 1n
  }
  return length
}

/**
 * Root that `leaf` at `index` hashes up to along `path`, walking exactly as zkVerify's
 * `verifyProofAggregation` does. Throws on malformed input; does not judge the path's length.
 */
export function rootFromPath(parameters: Omit<VerifyMerklePathParameters, 'root'>): Hex {
  const leafCount = BigInt(parameters.leafCount)
  const index = BigInt(parameters.index)
  assertBytes32(parameters.leaf, 'leaf')
  parameters.path.forEach((p, i) => {
    assertBytes32(p, `path element ${i}`)
  })
  if (leafCount < 1n) throw new Error(`leafCount must be at least 1, got ${leafCount}`)
  if (index < 0n || index >= leafCount) {
    throw new Error(`index ${index} is not a leaf of a tree with ${leafCount} leaves`)
  }
  let node = keccak256(parameters.leaf)
  let pos = index
  let width = leafCount
  for (const p of parameters.path) {
    // A node that is last in its row stays last in every later row, so its siblings are on its left.
    node =
      pos % 2n === 1n || pos + 1n === width
        ? keccak256(concatHex([p, node]))
        : keccak256(concatHex([node, p]))
    pos /= 2n
    width = (width - 1n) / 2n + 1n
  }
  return node
}

/**
 * True when `leaf` (a statement) at `index` of a `leafCount`-leaf aggregation hashes up to `root` along
 * `path`, and the path has exactly the length the tree's shape requires. False for malformed input.
 *
 * @example
 * verifyMerklePath({ root, leaf: statement, path, leafCount: 5, index: 4 })
 */
export function verifyMerklePath(parameters: VerifyMerklePathParameters): boolean {
  try {
    assertBytes32(parameters.root, 'root')
    const computed = rootFromPath(parameters)
    const expected = expectedPathLength(BigInt(parameters.leafCount), BigInt(parameters.index))
    return parameters.path.length === expected && computed.toLowerCase() === parameters.root.toLowerCase()
  } catch {
    return false
  }
}
