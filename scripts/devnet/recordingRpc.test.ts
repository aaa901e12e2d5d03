import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createPublicClient, createWalletClient, http, parseEther } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import { startHardhatNode } from './hardhatNode.ts'
import { startRecordingRpc } from './recordingRpc.ts'

const account = mnemonicToAccount('test test test test test test test test test test test junk')

async function startChain(dataDir: string, genesisDate: string) {
  const node = await startHardhatNode({ dataDir, genesisDate })
  const rpc = await startRecordingRpc({ upstream: node.url, journalPath: join(dataDir, 'journal.ndjson') })
  return {
    rpc,
    close: async () => {
      await rpc.close()
      await node.close()
    },
  }
}

test('the local chain survives a restart: journaled transactions replay to the same blocks', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'veritree-chain-'))
  const genesisDate = new Date(Date.now() - 3_600_000).toISOString()
  const receiver = '0x000000000000000000000000000000000000bEEF'
  try {
    const first = await startChain(dataDir, genesisDate)
    const transport = http(first.rpc.url)
    const wallet = createWalletClient({ account, chain: hardhat, transport })
    const pub = createPublicClient({ chain: hardhat, transport })
    const hashes: `0x${string}`[] = []
    for (let i = 0; i < 3; i++)
      hashes.push(await wallet.sendTransaction({ to: receiver, value: parseEther('1') }))
    const before = await pub.getBlock()
    await first.close()

    const second = await startChain(dataDir, genesisDate)
    try {
      assert.equal(second.rpc.replayed, 3)
      const pub2 = createPublicClient({ chain: hardhat, transport: http(second.rpc.url) })
      const after = await pub2.getBlock()
      assert.equal(after.number, before.number)
      assert.equal(after.hash, before.hash)
      assert.equal(await pub2.getBalance({ address: receiver }), parseEther('3'))
      const receipt = await pub2.getTransactionReceipt({ hash: hashes[2] })
      assert.equal(receipt.status, 'success')
      const refused = await fetch(second.rpc.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'evm_snapshot', params: [] }),
      }).then((r) => r.json() as Promise<{ error: { message: string } }>)
      assert.match(refused.error.message, /disabled on the Veritree devnet/)
    } finally {
      await second.close()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
