import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { PLAINTEXT_DATASET_FILE } from '../prover/inputFiles.ts'
import { removePlaintextLeftovers } from './cliProver.ts'

const root = mkdtempSync(join(tmpdir(), 'veritree-leftovers-'))
after(() => rmSync(root, { recursive: true, force: true }))

test('start-up deletes the plaintext datasets crashed format-2 proofs left, and nothing else', async () => {
  const workDir = join(root, 'jobs')
  for (const job of ['0xaa', '0xbb', '0xcc']) mkdirSync(join(workDir, job), { recursive: true })
  writeFileSync(join(workDir, '0xaa', PLAINTEXT_DATASET_FILE), 'rows')
  writeFileSync(join(workDir, '0xbb', PLAINTEXT_DATASET_FILE), 'rows')
  for (const job of ['0xaa', '0xbb', '0xcc']) {
    writeFileSync(join(workDir, job, 'test-set.bin'), 'test')
    writeFileSync(join(workDir, job, 'receipt.cbor'), 'receipt')
  }
  // A file at the top level is not a job's work dir.
  writeFileSync(join(workDir, PLAINTEXT_DATASET_FILE), 'not a job')

  assert.equal(await removePlaintextLeftovers(workDir), 2)
  for (const job of ['0xaa', '0xbb', '0xcc']) {
    assert.equal(existsSync(join(workDir, job, PLAINTEXT_DATASET_FILE)), false, job)
    assert.ok(existsSync(join(workDir, job, 'test-set.bin')), `${job} keeps its other files`)
    assert.ok(existsSync(join(workDir, job, 'receipt.cbor')))
  }
  assert.ok(existsSync(join(workDir, PLAINTEXT_DATASET_FILE)))
  // Idempotent, and a service that never proved has no work dir.
  assert.equal(await removePlaintextLeftovers(workDir), 0)
  assert.equal(await removePlaintextLeftovers(join(root, 'missing')), 0)
})
