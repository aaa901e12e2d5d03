import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { encodeTable, evaluate } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import type { SealedBlob } from '../db/index.ts'
import { ProverFailedError, ProverNotBuiltError } from '../prover/errors.ts'
import { trainWithProver } from '../prover/train.ts'
import { irisCsv } from '../testing/iris.ts'
import { loadDataKey } from '../vault/dataKey.ts'
import { seal } from '../vault/seal.ts'
import {
  createTrainingQueue,
  DatasetRowsMissingError,
  type TrainAndScoreRequest,
  TrainingTimeoutError,
  trainAndScore,
} from './index.ts'
import { leafSizes } from './leafFloor.ts'

const train = toTable(parseCsv(irisCsv('train')), { labelColumn: 'species' })
const test = toTable(parseCsv(irisCsv('test')), { labelColumn: 'species', schema: train.schema })
const dataKey = loadDataKey({ hex: `0x${'42'.repeat(32)}`, keyFile: '/nonexistent' })
const params = { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 0 }
const sealed = seal(dataKey, 1, encodeTable(train.table))
const request = (over: Partial<TrainAndScoreRequest> = {}): TrainAndScoreRequest => ({
  dataset: { id: 1, classes: train.schema.classes },
  params,
  testSet: encodeTable(test.table),
  priority: 'job',
  timeoutMs: 60_000,
  ...over,
})
const store = { getSealedBlob: async (): Promise<SealedBlob | null> => sealed }
const queue = () => createTrainingQueue({ concurrency: 1, capacity: 4 })

const work = mkdtempSync(join(tmpdir(), 'veritree-train-and-score-'))
const started: number[] = []
after(() => {
  // A stand-in the code under test failed to kill must not outlive the test.
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(work, { recursive: true, force: true })
})

/**
 * A stand-in trainer that records its pid, reads stdin to the end (as the real one does) and then
 * hangs: only a kill ends it.
 */
function hangingProver(name: string): {
  env: NodeJS.ProcessEnv
  pid: () => Promise<number>
  pidIfStarted: () => number | null
} {
  const bin = join(work, `${name}.sh`)
  const pidFile = join(work, `${name}.pid`)
  writeFileSync(
    bin,
    `#!/bin/sh\necho $$ > '${pidFile}.tmp'\nmv '${pidFile}.tmp' '${pidFile}'\ncat > /dev/null\nexec sleep 600\n`,
    {
      mode: 0o755,
    },
  )
  const pidIfStarted = (): number | null => {
    if (!existsSync(pidFile)) return null
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    if (!started.includes(pid)) started.push(pid)
    return pid
  }
  return {
    env: { VERITREE_PROVER_BIN: bin },
    pidIfStarted,
    async pid() {
      for (;;) {
        const pid = pidIfStarted()
        if (pid !== null) return pid
        await new Promise((r) => setTimeout(r, 10))
      }
    },
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('trainAndScore (unseal, train with the Rust trainer, score)', { timeout: 120_000 }, () => {
  it('reads and decrypts the dataset only once it holds a training slot', async () => {
    const reads: string[] = []
    const counting = {
      async getSealedBlob(id: number): Promise<SealedBlob | null> {
        reads.push(`read ${id}`)
        return sealed
      },
    }
    const q = queue()
    let release!: () => void
    const busy = q.run('job', () => new Promise<void>((r) => (release = r)))
    const scored = trainAndScore({ store: counting, dataKey, queue: q }, request({ priority: 'preview' }))
    // Let every pending callback run: a dataset read not gated by the queue would have happened by now.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r))
    assert.deepEqual(q.size(), { running: 1, waiting: 1 })
    assert.deepEqual(reads, [], 'a waiting preview holds no plaintext')
    release()
    await busy
    const result = await scored
    assert.deepEqual(reads, ['read 1'])
    // The Rust trainer's model on the plaintext, scored with the canonical evaluator.
    const direct = await trainWithProver({ dataset: train.table, classes: 3, params })
    assert.equal(result.modelHash, direct.modelHash)
    assert.deepEqual(result.modelBytes, direct.modelBytes)
    const score = evaluate(direct.model, test.table)
    assert.equal(result.correct, Number(score.correct))
    assert.equal(result.total, 30)
  })

  it('keeps the privacy floor: no leaf of the trained model holds fewer than minLeafSize rows', async () => {
    for (const minLeafSize of [5, 12, 30]) {
      const result = await trainAndScore(
        { store, dataKey, queue: queue() },
        request({ params: { maxDepth: 8, minLeafSize, gainThresholdPpm: 0 } }),
      )
      const sizes = leafSizes(result.model, train.table)
      assert.ok(Math.min(...sizes) >= minLeafSize, `minLeafSize ${minLeafSize}: leaves of ${sizes}`)
    }
  })

  it('refuses a dataset sealed for another id (the blob is bound to its dataset)', async () => {
    const other = seal(dataKey, 2, encodeTable(train.table))
    await assert.rejects(
      trainAndScore({ store: { getSealedBlob: async () => other }, dataKey, queue: queue() }, request()),
    )
  })

  it('says so when the dataset has no stored rows', async () => {
    await assert.rejects(
      trainAndScore({ store: { getSealedBlob: async () => null }, dataKey, queue: queue() }, request()),
      DatasetRowsMissingError,
    )
  })

  it('an abort (client gone, job cancelled) kills the trainer process and frees the slot', async () => {
    const fake = hangingProver('abort')
    const q = queue()
    const gone = new AbortController()
    const scored = trainAndScore(
      { store, dataKey, queue: q, proverEnv: fake.env },
      request({ signal: gone.signal }),
    )
    const pid = await fake.pid()
    assert.equal(alive(pid), true, 'the trainer runs')
    const reason = new Error('the client closed the connection')
    gone.abort(reason)
    await assert.rejects(scored, (error: unknown) => error === reason)
    assert.equal(alive(pid), false, 'the trainer was killed')
    assert.deepEqual(q.size(), { running: 0, waiting: 0 })
  })

  it('a timeout kills the trainer process and says training timed out', async () => {
    const fake = hangingProver('timeout')
    const scored = trainAndScore(
      { store, dataKey, queue: queue(), proverEnv: fake.env },
      request({ timeoutMs: 1_000 }),
    )
    await assert.rejects(scored, TrainingTimeoutError)
    // The pid file is written first thing; a machine too busy to start the script within the
    // budget leaves none, and then there is no process to outlive the timeout.
    const pid = fake.pidIfStarted()
    if (pid !== null) assert.equal(alive(pid), false, 'the trainer was killed')
  })

  it('passes a missing or failing trainer on as the prover errors (jobs retry them)', async () => {
    await assert.rejects(
      trainAndScore(
        { store, dataKey, queue: queue(), proverEnv: { VERITREE_PROVER_BIN: join(work, 'absent') } },
        request(),
      ),
      ProverNotBuiltError,
    )
    const failing = join(work, 'failing.sh')
    writeFileSync(failing, '#!/bin/sh\ncat > /dev/null\necho "TRAIN_LABEL: boom" >&2\nexit 1\n', {
      mode: 0o755,
    })
    await assert.rejects(
      trainAndScore(
        { store, dataKey, queue: queue(), proverEnv: { VERITREE_PROVER_BIN: failing } },
        request(),
      ),
      (error: unknown) => error instanceof ProverFailedError && /TRAIN_LABEL: boom/.test(error.stderrTail),
    )
  })
})
