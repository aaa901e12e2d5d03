import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { merkleProof, merkleRoot } from '@veritree/core/zkverify'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { deployAggregation, type InProcessChain, startInProcessChain } from '../testing/chain.ts'

const statements = (n: number, salt: string): Hex[] =>
  Array.from({ length: n }, (_, i) => keccak256(toHex(`${salt}/${i}`)))

describe('merkle paths against the on-chain verifyProofAggregation (in-process Hardhat)', () => {
  let chain: InProcessChain
  let aggregation: Address
  const domainId = 3n

  before(async () => {
    chain = await startInProcessChain()
    aggregation = await deployAggregation(chain, chain.wallets[1].account.address)
  })
  after(async () => {
    await chain?.close()
  })

  it('every index of aggregations with 1..33 leaves verifies on-chain, and a wrong leaf or index does not', async () => {
    const operator = chain.wallets[1]
    for (let n = 1; n <= 33; n++) {
      const leaves = statements(n, `n${n}`)
      const aggregationId = BigInt(n)
      const hash = await operator.writeContract({
        address: aggregation,
        abi: zkVerifyAggregationAbi,
        functionName: 'submitAggregation',
        args: [domainId, aggregationId, merkleRoot(leaves)],
      })
      assert.equal((await chain.publicClient.waitForTransactionReceipt({ hash })).status, 'success')
      for (let i = 0; i < n; i++) {
        const { path } = merkleProof(leaves, i)
        const verify = (leaf: Hex, index: number) =>
          chain.publicClient.readContract({
            address: aggregation,
            abi: zkVerifyAggregationAbi,
            functionName: 'verifyProofAggregation',
            args: [domainId, aggregationId, leaf, path, BigInt(n), BigInt(index)],
          })
        assert.equal(await verify(leaves[i], i), true, `n=${n} i=${i}`)
        if (n > 1) {
          assert.equal(await verify(leaves[(i + 1) % n], i), false, `wrong leaf n=${n} i=${i}`)
          assert.equal(await verify(leaves[i], (i + 1) % n), false, `wrong index n=${n} i=${i}`)
        }
      }
    }
  })
})
