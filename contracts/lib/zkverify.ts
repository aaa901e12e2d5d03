/**
 * zkVerify's RISC Zero statement and its Keccak aggregation tree (Substrate `binary-merkle-tree`),
 * computed the way zkVerify computes them, for the local verifier and for tests. The on-chain walk that
 * checks a path lives in `src/libraries/SubstrateMerkle.sol`; this module builds trees and paths.
 */
import { concat, type Hex, keccak256, toHex } from 'viem'

/** keccak256("risc0"): zkVerify's verifier context for RISC Zero. */
export const RISC0_CONTEXT_HASH: Hex = keccak256(toHex('risc0'))
/** sha256("risc0:v3.0"): zkVerify's version hash for risc0-zkvm 3.0 receipts (zkverifyjs `V3_0`). */
export const RISC0_V3_VERSION_HASH: Hex = '0xaa24368f9ce9025f58596d966209fc3f322c8cac37dae753bb9b0367d273700d'

/**
 * The statement zkVerify publishes for a verified RISC Zero 3.0 receipt:
 * `keccak256(keccak256("risc0") ‖ imageId ‖ sha256("risc0:v3.0") ‖ keccak256(journal))`.
 * @example risc0Statement(imageId, journal)
 */
export function risc0Statement(imageId: Hex, journal: Hex): Hex {
  return keccak256(concat([RISC0_CONTEXT_HASH, imageId, RISC0_V3_VERSION_HASH, keccak256(journal)]))
}

/** Where one statement sits in an aggregation, as `verifyProofAggregation` takes it. */
export interface AggregationProof {
  /** The aggregation's Merkle root. */
  root: Hex
  /** Sibling hashes from the leaf's row upwards (none for rows where the node is promoted). */
  merklePath: Hex[]
  /** Number of statements in the aggregation. */
  leafCount: number
  /** Position of the statement. */
  index: number
}

/** The rows of the tree, leaves first: leaf nodes are keccak256(statement), parents keccak256(l ‖ r). */
function rows(statements: readonly Hex[]): Hex[][] {
  if (statements.length === 0) throw new Error('an aggregation needs at least one statement')
  const all: Hex[][] = [statements.map((statement) => keccak256(statement))]
  for (let row = all[0]; row.length > 1; ) {
    const next: Hex[] = []
    for (let i = 0; i < row.length; i += 2) {
      // An odd last node is promoted unchanged.
      next.push(i + 1 < row.length ? keccak256(concat([row[i], row[i + 1]])) : row[i])
    }
    all.push(next)
    row = next
  }
  return all
}

/**
 * The Merkle root zkVerify posts for an aggregation of `statements`.
 * @example aggregationRoot([statementA, statementB])
 */
export function aggregationRoot(statements: readonly Hex[]): Hex {
  const all = rows(statements)
  return all[all.length - 1][0]
}

/**
 * The root and Merkle path proving `statements[index]` is in the aggregation.
 * @example const { root, merklePath, leafCount } = aggregationProof(statements, 2);
 */
export function aggregationProof(statements: readonly Hex[], index: number): AggregationProof {
  if (!Number.isInteger(index) || index < 0 || index >= statements.length) {
    throw new Error(`index ${index} is not a leaf of an aggregation of ${statements.length} statements`)
  }
  const all = rows(statements)
  const merklePath: Hex[] = []
  let pos = index
  for (const row of all.slice(0, -1)) {
    const sibling = pos % 2 === 1 ? pos - 1 : pos + 1
    // A promoted node has no sibling in this row and adds nothing to the path.
    if (sibling < row.length) merklePath.push(row[sibling])
    pos = Math.floor(pos / 2)
  }
  return { root: all[all.length - 1][0], merklePath, leafCount: statements.length, index }
}
