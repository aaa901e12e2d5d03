import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { concatHex, type Hex, keccak256, toHex } from 'viem'
import { expectedPathLength, merkleProof, merkleRoot, rootFromPath, verifyMerklePath } from './merkle.ts'

const statement = (i: number): Hex => keccak256(toHex(`statement ${i}`))
const statements = (n: number): Hex[] => Array.from({ length: n }, (_, i) => statement(i))
const k = keccak256
const pair = (a: Hex, b: Hex): Hex => keccak256(concatHex([a, b]))

describe('merkle (hand-computed trees)', () => {
  it('one leaf: the root is keccak(statement) and the path is empty', () => {
    const [a] = statements(1)
    assert.equal(merkleRoot([a]), k(a))
    assert.deepEqual(merkleProof([a], 0), { root: k(a), path: [], leafCount: 1, index: 0 })
  })

  it('two leaves: keccak(keccak(a) ‖ keccak(b)), unsorted', () => {
    const [a, b] = statements(2)
    assert.equal(merkleRoot([a, b]), pair(k(a), k(b)))
    assert.notEqual(merkleRoot([a, b]), merkleRoot([b, a]))
    assert.deepEqual(merkleProof([a, b], 1).path, [k(a)])
  })

  it('three leaves: the odd last node is promoted unchanged and has a one-element path', () => {
    const [a, b, c] = statements(3)
    const root = pair(pair(k(a), k(b)), k(c))
    assert.equal(merkleRoot([a, b, c]), root)
    assert.deepEqual(merkleProof([a, b, c], 2).path, [pair(k(a), k(b))])
    assert.deepEqual(merkleProof([a, b, c], 0).path, [k(b), k(c)])
  })

  it('five leaves: the last node is promoted twice', () => {
    const [a, b, c, d, e] = statements(5)
    const ab = pair(k(a), k(b))
    const cd = pair(k(c), k(d))
    const root = pair(pair(ab, cd), k(e))
    assert.equal(merkleRoot([a, b, c, d, e]), root)
    assert.deepEqual(merkleProof([a, b, c, d, e], 4).path, [pair(ab, cd)])
    assert.deepEqual(merkleProof([a, b, c, d, e], 2).path, [k(d), ab, k(e)])
  })
})

describe('merkle (every index of trees with 1..33 leaves)', () => {
  it('each proof verifies, has the expected length, and fails for any other index or leaf', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = statements(n)
      const root = merkleRoot(leaves)
      for (let i = 0; i < n; i++) {
        const proof = merkleProof(leaves, i)
        assert.equal(proof.root, root)
        assert.equal(proof.path.length, expectedPathLength(BigInt(n), BigInt(i)), `n=${n} i=${i}`)
        assert.ok(verifyMerklePath({ root, leaf: leaves[i], path: proof.path, leafCount: n, index: i }))
        assert.equal(rootFromPath({ leaf: leaves[i], path: proof.path, leafCount: n, index: i }), root)
        const other = (i + 1) % n
        if (other !== i) {
          assert.equal(
            verifyMerklePath({ root, leaf: leaves[other], path: proof.path, leafCount: n, index: i }),
            false,
          )
          assert.equal(
            verifyMerklePath({ root, leaf: leaves[i], path: proof.path, leafCount: n, index: other }),
            false,
          )
        }
      }
    }
  })
})

describe('merkle (bad input)', () => {
  const leaves = statements(4)
  const root = merkleRoot(leaves)
  const { path } = merkleProof(leaves, 1)

  it('rejects an empty aggregation and malformed statements with a clear error', () => {
    assert.throws(() => merkleRoot([]), /at least one statement/)
    assert.throws(() => merkleRoot(['0x1234']), /statement 0 must be a 0x-prefixed 32-byte hex string/)
    assert.throws(() => merkleProof(leaves, 4), /index 4 is not a leaf of a tree with 4 leaves/)
    assert.throws(() => merkleProof(leaves, -1), /index -1/)
  })

  it('returns false for out-of-range indexes, a zero leaf count, extra or missing path elements', () => {
    const base = { root, leaf: leaves[1], path, leafCount: 4, index: 1 }
    assert.ok(verifyMerklePath(base))
    assert.equal(verifyMerklePath({ ...base, index: 4 }), false)
    assert.equal(verifyMerklePath({ ...base, leafCount: 0 }), false)
    assert.equal(verifyMerklePath({ ...base, leafCount: 5 }), false)
    assert.equal(verifyMerklePath({ ...base, path: [...path, path[0]] }), false)
    assert.equal(verifyMerklePath({ ...base, path: path.slice(1) }), false)
    assert.equal(verifyMerklePath({ ...base, root: '0x1234' }), false)
    assert.equal(verifyMerklePath({ ...base, path: ['0xzz'] }), false)
  })

  it('accepts upper-case hex in the root', () => {
    assert.ok(
      verifyMerklePath({
        root: `0x${root.slice(2).toUpperCase()}`,
        leaf: leaves[1],
        path,
        leafCount: 4,
        index: 1,
      }),
    )
  })
})
