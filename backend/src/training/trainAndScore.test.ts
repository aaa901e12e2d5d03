import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeTable } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import type { SealedBlob } from '../db/index.ts'
import { irisCsv } from '../testing/iris.ts'
import { loadDataKey } from '../vault/dataKey.ts'
import { seal } from '../vault/seal.ts'
import { createTrainingQueue, trainAndEvaluate, trainAndScore } from './index.ts'

const train = toTable(parseCsv(irisCsv('train')), { labelColumn: 'species' })
const test = toTable(parseCsv(irisCsv('test')), { labelColumn: 'species', schema: train.schema })
const dataKey = loadDataKey({ hex: `0x${'42'.repeat(32)}`, keyFile: '/nonexistent' })
const params = { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 0 }

describe('trainAndScore (unseal, train, score)', () => {
  it('reads and decrypts the dataset only once it holds a training slot', async () => {
    const sealed = seal(dataKey, 1, encodeTable(train.table))
    const reads: string[] = []
    const store = {
      async getSealedBlob(id: number): Promise<SealedBlob | null> {
        reads.push(`read ${id}`)
        return sealed
      },
    }
    const queue = createTrainingQueue({ concurrency: 1, capacity: 4 })
    let release!: () => void
    const busy = queue.run('job', () => new Promise<void>((r) => (release = r)))
    const scored = trainAndScore(
      { store, dataKey, queue },
      {
        dataset: { id: 1, classes: train.schema.classes },
        params,
        testSet: encodeTable(test.table),
        priority: 'preview',
        timeoutMs: 60_000,
      },
    )
    // Let every pending callback run: a dataset read not gated by the queue would have happened by now.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r))
    assert.deepEqual(queue.size(), { running: 1, waiting: 1 })
    assert.deepEqual(reads, [], 'a waiting preview holds no plaintext')
    release()
    await busy
    const result = await scored
    assert.deepEqual(reads, ['read 1'])
    // The same answer as training in-process on the plaintext: one path, deterministic.
    const direct = trainAndEvaluate({
      datasetBytes: encodeTable(train.table),
      classes: train.schema.classes.length,
      params,
      testSetBytes: encodeTable(test.table),
    })
    assert.equal(result.modelHash, direct.modelHash)
    assert.equal(result.correct, direct.correct)
    assert.equal(result.total, 30)
  })

  it('refuses a dataset sealed for another id (the blob is bound to its dataset)', async () => {
    const sealed = seal(dataKey, 2, encodeTable(train.table))
    await assert.rejects(
      trainAndScore(
        {
          store: { getSealedBlob: async () => sealed },
          dataKey,
          queue: createTrainingQueue({ concurrency: 1, capacity: 2 }),
        },
        {
          dataset: { id: 1, classes: train.schema.classes },
          params,
          testSet: encodeTable(test.table),
          priority: 'job',
          timeoutMs: 60_000,
        },
      ),
    )
  })
})
