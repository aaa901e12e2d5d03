import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createTrainingQueue, TrainingQueueFullError } from './queue.ts'

/** A unit of work that finishes when told to, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return {
    open: () => open(),
    work: async (signal: AbortSignal) => {
      log.push(`start ${name}`)
      await Promise.race([
        opened,
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
        ),
      ])
      return name
    },
  }
}

describe('training queue', () => {
  it('never lets previews take the last place, and serves jobs first', async () => {
    const queue = createTrainingQueue({ concurrency: 1, capacity: 3 })
    const log: string[] = []
    const p1 = gate(log, 'p1')
    const p2 = gate(log, 'p2')
    const j1 = gate(log, 'j1')
    const first = queue.run('preview', p1.work)
    const second = queue.run('preview', p2.work)
    // Two places taken of three: a third preview would leave no place for a paid job.
    await assert.rejects(
      queue.run('preview', async () => 'p3'),
      TrainingQueueFullError,
    )
    // A job is always admitted (even past the preview limit) and overtakes the waiting preview.
    const job = queue.run('job', j1.work)
    assert.deepEqual(queue.size(), { running: 1, waiting: 2 })
    p1.open()
    assert.equal(await first, 'p1')
    j1.open()
    assert.equal(await job, 'j1')
    p2.open()
    assert.equal(await second, 'p2')
    assert.deepEqual(log, ['start p1', 'start j1', 'start p2'])
    assert.deepEqual(queue.size(), { running: 0, waiting: 0 })
  })

  it('frees a waiting place at once when its client goes away, and stops a running one', async () => {
    const queue = createTrainingQueue({ concurrency: 1, capacity: 4 })
    const log: string[] = []
    const running = gate(log, 'running')
    const leaver = new AbortController()
    const runner = new AbortController()
    const first = queue.run('preview', running.work, runner.signal)
    const waiting = queue.run('preview', gate(log, 'never').work, leaver.signal)
    assert.deepEqual(queue.size(), { running: 1, waiting: 1 })
    leaver.abort(new Error('client gone'))
    await assert.rejects(waiting, /client gone/)
    assert.deepEqual(queue.size(), { running: 1, waiting: 0 })
    runner.abort(new Error('client gone too'))
    await assert.rejects(first, /client gone too/)
    assert.deepEqual(queue.size(), { running: 0, waiting: 0 })
    assert.deepEqual(log, ['start running'], 'the aborted waiter never started')
  })

  it('refuses a capacity that leaves no place for jobs', () => {
    assert.throws(() => createTrainingQueue({ concurrency: 2, capacity: 2 }), RangeError)
  })
})
