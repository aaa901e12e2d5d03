/**
 * Test support: rows the SQLite store's tests build on (a dataset; a dataset, its sale and a feed),
 * written once for the store's, the watcher's and the sweepers' tests.
 */
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address, Hex } from 'viem'
import { type DatasetRecord, type FeedRecord, type NewJob, openStore, type Store } from '../db/index.ts'

/** 32 bytes of `byte` repeated, as hex. */
export const hex = (byte: string): Hex => `0x${byte.repeat(32)}`
/** 20 bytes of `byte` repeated, as an address. */
export const addr = (byte: string): Address => `0x${byte.repeat(20)}`

/** One dataset (vendor aa, one feature x, classes a/b, commitment cc) with a dummy sealed body. */
export function testDataset(store: Store): Promise<DatasetRecord> {
  return store.createDataset(
    {
      vendor: addr('aa'),
      name: 'd',
      description: '',
      labelColumn: 'y',
      features: ['x'],
      classes: ['a', 'b'],
      rows: 10,
      commitment: hex('cc'),
      byteLength: 8,
      createdAt: 1,
    },
    () => ({ keyId: 'k', iv: new Uint8Array(12), ciphertext: new Uint8Array(1), tag: new Uint8Array(16) }),
  )
}

/** A job of ours (chain 31337, market cc, job 01, customer bb, quote 0a) on `datasetId`; `change` overrides. */
export function testJob(datasetId: number, change: Partial<NewJob> = {}): NewJob {
  return {
    chainId: 31337,
    market: addr('cc'),
    jobId: hex('01'),
    datasetId,
    quoteId: hex('0a'),
    customer: addr('bb'),
    testSetHash: hex('dd'),
    thresholdBps: 5000,
    priceWei: '1',
    deadline: 9,
    openedBlock: 5n,
    openedTx: hex('f0'),
    terms: null,
    ...change,
  }
}

/** A fresh store in a temp dir with one dataset, one sale and its feed (owner bb, 10 wei). */
export async function feedStore(
  prefix = 'veritree-feeds-db-',
): Promise<{ dir: string; store: Store; feed: FeedRecord }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const store = openStore(dir)
  const dataset = await testDataset(store)
  const job = await store.insertJob(testJob(dataset.id), 1)
  assert.ok(job)
  const inserted = await store.insertFeed(
    {
      chainId: 31337,
      address: addr('Fe'),
      market: addr('cc'),
      saleJobId: hex('01'),
      jobPk: job.pk,
      datasetId: dataset.id,
      owner: addr('bb'),
      modelHash: hex('ee'),
      priceWei: '10',
      royaltyBps: 500,
      createdBlock: 6n,
      createdTx: hex('6a'),
    },
    2,
  )
  assert.ok(inserted)
  return { dir, store, feed: inserted }
}
