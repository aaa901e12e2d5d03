import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import type { Address, Hex } from 'viem'
import { openStore, type QuoteRecord } from '../db/index.ts'
import { testDataset } from '../testing/storeFixtures.ts'
import { QUOTE_GRACE_MS, sweepQuotes } from './sweep.ts'

const hex = (byte: string): Hex => `0x${byte.repeat(32)}`
const DAY = 24 * 60 * 60 * 1000

describe('quote sweeper', () => {
  it('deletes quotes 24 h past expiry, never one a job references, and forgets old preview charges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-sweep-'))
    const store = openStore(dir)
    try {
      const dataset = await testDataset(store)
      const now = 100 * DAY
      const quote = (id: string, expiresAt: number): QuoteRecord => ({
        id: hex(id),
        datasetId: dataset.id,
        customer: `0x${'bb'.repeat(20)}`,
        params: { maxDepth: 3, minLeafSize: 5, gainThresholdPpm: 0 },
        testSet: new Uint8Array(8),
        testSetHash: hex('dd'),
        thresholdBps: 5000,
        correct: 1,
        total: 2,
        modelHash: hex('ee'),
        modelSalt: hex('e1'),
        modelCommitment: hex('e2'),
        paramsHash: hex('e3'),
        journalFormats: [1],
        priceWei: '1',
        createdAt: expiresAt - 3_600_000,
        expiresAt,
        quoteExpiresAt: expiresAt / 1000,
      })
      const old = now - QUOTE_GRACE_MS - 1000
      await store.putQuote(quote('01', old)) // expired long ago, unused: swept
      await store.putQuote(quote('02', old)) // expired long ago, but a job paid for it: kept
      await store.putQuote(quote('03', now - 1000)) // expired within the grace: kept
      await store.insertJob(
        {
          chainId: 31337,
          market: `0x${'cc'.repeat(20)}` as Address,
          jobId: hex('77'),
          datasetId: dataset.id,
          quoteId: hex('02'),
          customer: `0x${'bb'.repeat(20)}`,
          testSetHash: hex('dd'),
          thresholdBps: 5000,
          priceWei: '1',
          deadline: 0,
          openedBlock: 1n,
          openedTx: hex('99'),
          terms: null,
        },
        now,
      )
      const budget = { perWallet: 5, perDataset: 5, windowMs: DAY }
      await store.chargePreview(`0x${'bb'.repeat(20)}`, dataset.id, now - DAY - 1, budget)
      await store.chargePreview(`0x${'bb'.repeat(20)}`, dataset.id, now - 1000, budget)

      assert.deepEqual(await sweepQuotes(store, now, budget), { quotes: 1, charges: 1 })
      assert.equal(await store.getQuote(hex('01')), null)
      assert.ok(await store.getQuote(hex('02')), 'a job’s quote is kept')
      assert.ok(await store.getQuote(hex('03')), 'a recent quote is kept')
      assert.deepEqual(await sweepQuotes(store, now, budget), { quotes: 0, charges: 0 })
    } finally {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
