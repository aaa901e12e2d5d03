import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { zkVerifyAggregationAbi } from '@veritree/contracts/generated/ZkVerifyAggregation'
import { type Address, type Hex, keccak256, toHex } from 'viem'
import { deployAggregation, type InProcessChain, startInProcessChain } from '../testing/chain.ts'
import { waitForSettlementRoot } from './settlementRoot.ts'

describe('waitForSettlementRoot (in-process Hardhat)', () => {
  let chain: InProcessChain
  let aggregation: Address
  const root = keccak256(toHex('root'))

  before(async () => {
    chain = await startInProcessChain()
    aggregation = await deployAggregation(chain, chain.wallets[1].account.address)
  })
  after(async () => {
    await chain?.close()
  })

  const post = async (aggregationId: bigint, value: Hex) => {
    const hash = await chain.wallets[1].writeContract({
      address: aggregation,
      abi: zkVerifyAggregationAbi,
      functionName: 'submitAggregation',
      args: [1n, aggregationId, value],
    })
    await chain.publicClient.waitForTransactionReceipt({ hash })
  }
  const wait = (aggregationId: bigint, timeoutMs = 2_000) =>
    waitForSettlementRoot({
      publicClient: chain.publicClient,
      aggregationContract: aggregation,
      domainId: 1n,
      aggregationId,
      root,
      timeoutMs,
      pollIntervalMs: 20,
    })

  it('resolves once the relayer has posted the root', async () => {
    const waiting = wait(1n)
    await new Promise((r) => setTimeout(r, 60))
    await post(1n, root)
    await waiting
  })

  it('fails when another root is posted, or nothing in time', async () => {
    await post(2n, keccak256(toHex('other')))
    await assert.rejects(wait(2n), /holds root 0x[0-9a-f]{64} on-chain, expected/)
    await assert.rejects(wait(3n, 100), /did not appear at 0x[0-9a-fA-F]{40} in time/)
  })
})
