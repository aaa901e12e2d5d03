import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import type { FeedRecord, Store } from '../db/index.ts'
import { addr, feedStore, hex } from '../testing/storeFixtures.ts'
import { runInputsExpiry } from './expireInputs.ts'

const HOUR = 60 * 60 * 1000
const RULES = { quota: { maxPerWallet: 10, maxBytesPerWallet: 100 }, acceptingRequests: true }

describe('feed inputs: the expiry and sweep pass', () => {
  let dir: string
  let store: Store
  let feed: FeedRecord

  before(async () => {
    ;({ dir, store, feed } = await feedStore('veritree-inputs-sweep-'))
  })
  after(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const upload = (hashByte: string, now: number) =>
    store.putFeedInputs(
      {
        feedPk: feed.pk,
        inputsHash: hex(hashByte),
        uploader: addr('c1'),
        rows: 1,
        inputs: new Uint8Array(4),
      },
      now,
      RULES,
    )
  const stored = async (hashByte: string) => (await store.getFeedInputs(feed.pk, hex(hashByte))) !== null

  it('sweeps nothing before the watcher has read the chain once, and never past its last full read', async () => {
    assert.equal((await upload('01', 0)).stored, true)
    const t = 10 * HOUR
    assert.deepEqual(await runInputsExpiry(store, t, { graceMs: HOUR, syncedAt: null }), {
      expired: [],
      swept: 0,
    })
    // The watcher last caught up just after the upload: a request paid in the hour after it may not be read yet.
    assert.equal((await runInputsExpiry(store, t, { graceMs: HOUR, syncedAt: HOUR - 1 })).swept, 0)
    assert.equal(await stored('01'), true)
    assert.equal((await runInputsExpiry(store, t, { graceMs: HOUR, syncedAt: HOUR + 1 })).swept, 1)
    assert.equal(await stored('01'), false)
  })

  it('the grace period is the one configured, for the sweep and for the refund of requests without rows', async () => {
    const t = 20 * HOUR
    assert.equal((await upload('02', t)).stored, true)
    const waiting = await store.insertFeedRequest(
      {
        feedPk: feed.pk,
        requestId: hex('a1'),
        customer: addr('c1'),
        inputsHash: hex('33'),
        count: 1,
        priceWei: '10',
        deadline: 99,
        verifierId: 1,
        openedBlock: 7n,
        openedTx: hex('a1'),
      },
      t,
    )
    assert.equal(waiting?.state, 'awaiting_inputs')
    const tenMinutes = 10 * 60 * 1000
    const early = await runInputsExpiry(store, t + tenMinutes, { graceMs: HOUR, syncedAt: t + tenMinutes })
    assert.deepEqual([early.expired.length, early.swept], [0, 0], 'within the default hour')
    const late = await runInputsExpiry(store, t + tenMinutes + 1, {
      graceMs: tenMinutes,
      syncedAt: t + tenMinutes + 1,
    })
    assert.deepEqual(
      late.expired.map((r) => [r.requestId, r.state, r.refund?.reason]),
      [[hex('a1'), 'refunding', UNPROVABLE_REASON.TERMS_MISMATCH]],
    )
    assert.equal(late.swept, 1)
    assert.equal(await stored('02'), false)
  })
})
