/**
 * The local zkVerify aggregation contract: the operator role, idempotent posting, and Merkle
 * verification against trees built by the backend's `zkverify/merkle.ts` (whose own tests pin it to
 * hand-computed Substrate trees) at every leaf count from 1 to 17 plus 32/33.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { merkleProof, merkleRoot } from '@veritree/core/zkverify'
import { network } from 'hardhat'
import { getAddress, type Hex, keccak256, toHex, zeroHash } from 'viem'
import { fillerStatements } from './helpers/attest.ts'
import { veritreeFixture } from './helpers/fixture.ts'

const connection = await network.create()
const { viem, networkHelpers } = connection
const load = () => networkHelpers.loadFixture(veritreeFixture)

/** Which side ("L" = path element on the left) each path element goes for a leaf at `index`. */
function sides(index: number, leafCount: number, pathLength: number): string {
  let out = ''
  for (let pos = index, width = leafCount, i = 0; i < pathLength; i++) {
    out += pos % 2 === 1 || pos + 1 === width ? 'L' : 'R'
    pos = Math.floor(pos / 2)
    width = Math.floor((width - 1) / 2) + 1
  }
  return out
}

describe('ZkVerifyAggregation', () => {
  describe('submitAggregation', () => {
    it('lets only the operator post, once per id, idempotently', async () => {
      const { zkVerify, operator, stranger, publicClient } = await load()
      const root = keccak256(toHex('root'))
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.write.submitAggregation([1n, 1n, root], { account: stranger.account }),
        zkVerify,
        'AccessControlUnauthorizedAccount',
        [getAddress(stranger.account.address), await zkVerify.read.OPERATOR()],
      )
      await viem.assertions.emitWithArgs(
        zkVerify.write.submitAggregation([1n, 1n, root], { account: operator.account }),
        zkVerify,
        'AggregationPosted',
        [1n, 1n, root],
      )
      assert.equal(await zkVerify.read.proofsAggregations([1n, 1n]), root)

      // Re-posting the same root is a silent no-op, so a relayer can retry.
      const hash = await zkVerify.write.submitAggregation([1n, 1n, root], { account: operator.account })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      assert.equal(receipt.status, 'success')
      assert.equal(receipt.logs.length, 0)

      const other = keccak256(toHex('other root'))
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.write.submitAggregation([1n, 1n, other], { account: operator.account }),
        zkVerify,
        'AggregationAlreadyPosted',
        [1n, 1n, root],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.write.submitAggregation([1n, 2n, zeroHash], { account: operator.account }),
        zkVerify,
        'EmptyAggregation',
        [1n, 2n],
      )
      assert.equal(await zkVerify.read.proofsAggregations([1n, 1n]), root)
    })

    it('posts bounded batches', async () => {
      const { zkVerify, operator } = await load()
      const roots = fillerStatements(3, 'batch')
      await zkVerify.write.submitAggregationBatchByDomainId([2n, [10n, 11n, 12n], roots], {
        account: operator.account,
      })
      assert.deepEqual(
        await Promise.all([10n, 11n, 12n].map((id) => zkVerify.read.proofsAggregations([2n, id]))),
        roots,
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.write.submitAggregationBatchByDomainId([2n, [13n], roots], { account: operator.account }),
        zkVerify,
        'InvalidBatchCounts',
        [1n, 3n],
      )
      const many = fillerStatements(65, 'many')
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.write.submitAggregationBatchByDomainId([2n, many.map((_, i) => BigInt(100 + i)), many], {
          account: operator.account,
        }),
        zkVerify,
        'BatchTooLarge',
        [65n, 64n],
      )
      assert.equal(await zkVerify.read.proofsAggregations([2n, 100n]), zeroHash)
    })
  })

  describe('verifyProofAggregation', () => {
    it("accepts every leaf's path and rejects tampered ones, at leaf counts 1-17, 32 and 33", async () => {
      const { zkVerify, operator } = await load()
      const domain = 5n
      const counts = [...Array.from({ length: 17 }, (_, i) => i + 1), 32, 33]
      for (const leafCount of counts) {
        const statements = fillerStatements(leafCount, `tree ${leafCount}`)
        const aggregationId = BigInt(leafCount)
        await zkVerify.write.submitAggregation([domain, aggregationId, merkleRoot(statements)], {
          account: operator.account,
        })
        const indexes = leafCount <= 17 ? statements.map((_, i) => i) : [0, 1, leafCount - 2, leafCount - 1]
        for (const index of indexes) {
          const { path: merklePath } = merkleProof(statements, index)
          const verify = (
            leaf: Hex,
            path: readonly Hex[],
            count: number,
            at: number,
            id = aggregationId,
            d = domain,
          ) => zkVerify.read.verifyProofAggregation([d, id, leaf, path, BigInt(count), BigInt(at)])
          const where = `leafCount ${leafCount}, index ${index}`
          assert.equal(await verify(statements[index], merklePath, leafCount, index), true, where)
          // The statement must be the raw leaf, not its hash.
          assert.equal(await verify(keccak256(statements[index]), merklePath, leafCount, index), false, where)
          if (merklePath.length > 0) {
            const tampered = [...merklePath]
            tampered[tampered.length - 1] = keccak256(tampered[tampered.length - 1])
            assert.equal(await verify(statements[index], tampered, leafCount, index), false, where)
            assert.equal(await verify(statements[index], merklePath.slice(1), leafCount, index), false, where)
          }
          // A path one element longer than the tree is deep is refused, not hashed.
          assert.equal(
            await verify(statements[index], [...merklePath, zeroHash], leafCount, index),
            false,
            where,
          )
          if (leafCount > 1) {
            const neighbour = index === 0 ? 1 : index - 1
            assert.equal(await verify(statements[neighbour], merklePath, leafCount, index), false, where)
            // The index only decides which side each path element goes; Substrate's walk treats a
            // promoted last node like a right child, so two indexes with the same sides verify alike.
            const sameSides =
              sides(index, leafCount, merklePath.length) === sides(neighbour, leafCount, merklePath.length)
            assert.equal(await verify(statements[index], merklePath, leafCount, neighbour), sameSides, where)
          }
          assert.equal(
            await verify(statements[index], merklePath, leafCount, index, aggregationId + 1000n),
            false,
            where,
          )
          assert.equal(
            await verify(statements[index], merklePath, leafCount, index, aggregationId, domain + 1n),
            false,
            where,
          )
        }
      }
    })

    it('reverts with IndexOutOfBounds when the index is not below the leaf count', async () => {
      const { zkVerify } = await load()
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.read.verifyProofAggregation([0n, 0n, zeroHash, [], 3n, 3n]),
        zkVerify,
        'IndexOutOfBounds',
        [3n, 3n],
      )
      await viem.assertions.revertWithCustomErrorWithArgs(
        zkVerify.read.verifyProofAggregation([0n, 0n, zeroHash, [], 0n, 0n]),
        zkVerify,
        'IndexOutOfBounds',
        [0n, 0n],
      )
    })
  })
})
