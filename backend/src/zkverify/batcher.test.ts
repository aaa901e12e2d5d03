import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBatcher } from './batcher.ts'

describe('createBatcher', () => {
  it('flushes by count, in order, one batch at a time', async () => {
    const batches: number[][] = []
    let active = 0
    const batcher = createBatcher<number, string>({
      maxSize: 3,
      maxWaitMs: 60_000,
      run: async (items) => {
        active++
        assert.equal(active, 1, 'batches must not overlap')
        await new Promise((r) => setTimeout(r, 10))
        batches.push(items)
        active--
        return items.map((i) => `r${i}`)
      },
    })
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => batcher.add(i)))
    assert.deepEqual(results, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'])
    assert.deepEqual(batches, [
      [1, 2, 3],
      [4, 5, 6],
    ])
    assert.equal(batcher.pending, 0)
  })

  it('flushes a partial batch after maxWaitMs', async () => {
    const started = Date.now()
    const batcher = createBatcher<number, number>({
      maxSize: 100,
      maxWaitMs: 50,
      run: async (xs) => xs.map((x) => x * 2),
    })
    assert.deepEqual(await Promise.all([batcher.add(1), batcher.add(2)]), [2, 4])
    assert.ok(Date.now() - started >= 45)
  })

  it('rejects every item of a failed batch and keeps serving later ones', async () => {
    let calls = 0
    const batcher = createBatcher<number, number>({
      maxSize: 2,
      maxWaitMs: 10,
      run: async (xs) => {
        if (calls++ === 0) throw new Error('publish failed')
        return xs
      },
    })
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)])
    assert.deepEqual(
      failed.map((r) => r.status === 'rejected' && (r.reason as Error).message),
      ['publish failed', 'publish failed'],
    )
    assert.deepEqual(await Promise.all([batcher.add(3), batcher.add(4)]), [3, 4])
  })

  it('an abort before the batch starts removes the item from the batch', async () => {
    const seen: number[][] = []
    const batcher = createBatcher<number, number>({
      maxSize: 10,
      maxWaitMs: 30,
      run: async (xs) => {
        seen.push(xs)
        return xs
      },
    })
    const controller = new AbortController()
    const aborted = batcher.add(1, { signal: controller.signal })
    const kept = batcher.add(2)
    controller.abort(new Error('job cancelled'))
    await assert.rejects(aborted, /job cancelled/)
    assert.equal(await kept, 2)
    assert.deepEqual(seen, [[2]])
    await assert.rejects(batcher.add(3, { signal: AbortSignal.abort(new Error('already')) }), /already/)
  })

  it('reports a handler that returns the wrong number of results', async () => {
    const batcher = createBatcher<number, number>({ maxSize: 1, maxWaitMs: 0, run: async () => [] })
    await assert.rejects(batcher.add(1), /returned 0 results for 1 items/)
  })

  it('rejects bad options', () => {
    const run = async (xs: number[]) => xs
    assert.throws(() => createBatcher({ maxSize: 0, maxWaitMs: 1, run }), /maxSize must be an integer >= 1/)
    assert.throws(() => createBatcher({ maxSize: 1, maxWaitMs: -1, run }), /maxWaitMs must be >= 0/)
  })

  it('flush() publishes what waits without waiting for the timer', async () => {
    const batcher = createBatcher<number, number>({ maxSize: 10, maxWaitMs: 60_000, run: async (xs) => xs })
    const p = batcher.add(5)
    await batcher.flush()
    assert.equal(await p, 5)
  })
})
