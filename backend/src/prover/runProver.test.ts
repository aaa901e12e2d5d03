// The wrapper's process boundary, tested without proving: a stand-in executable (a shell script, named
// as such) records what the wrapper hands it and answers like the CLI does. The real CLI is exercised by
// prover.test.ts.
import assert from 'node:assert/strict'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import {
  CLONE_PROVER_BIN,
  getImageId,
  ProverFailedError,
  ProverInputTooLargeError,
  proverEnv,
  resolveProverBin,
} from './index.ts'

const SECRET = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const IMAGE_ID = `0x${'ab'.repeat(32)}`

let dir: string
let envDump: string
/** Writes a stand-in prover that dumps its environment and then runs `body`. */
async function standIn(name: string, body: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, `#!/bin/sh\nenv > '${envDump}'\n${body}\n`)
  await chmod(path, 0o755)
  return path
}
const dumpedEnv = async () =>
  Object.fromEntries(
    (await readFile(envDump, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  )

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'veritree-runprover-test-'))
  envDump = join(dir, 'env.txt')
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('resolveProverBin', () => {
  it('honours VERITREE_PROVER_BIN, else the clone-local link zkvm-guest/bin/veritree-prover', () => {
    assert.equal(resolveProverBin({ VERITREE_PROVER_BIN: '/x/prover' }), '/x/prover')
    assert.equal(resolveProverBin({ VERITREE_CACHE_DIR: '/c' }), CLONE_PROVER_BIN)
    assert.equal(
      CLONE_PROVER_BIN,
      new URL('../../../zkvm-guest/bin/veritree-prover', import.meta.url).pathname,
    )
  })
})

describe('the prover gets a minimal environment (issue 9, leak 8)', () => {
  it('proverEnv keeps risc0/Rust variables and drops everything else', () => {
    const env = proverEnv(
      {
        VERITREE_SETTLER_PRIVATE_KEY: SECRET,
        VERITREE_RPC_URL: 'https://rpc.example/v2/apikey',
        VERITREE_HCS_OPERATOR_KEY: 'k',
        AWS_SECRET_ACCESS_KEY: 's',
        RISC0_DEV_MODE: '1',
        RUST_LOG: 'info',
        RAYON_NUM_THREADS: '2',
        PATH: '/usr/bin',
      },
      { RISC0_DEV_MODE: undefined, RISC0_INFO: '1' },
    )
    assert.deepEqual(env, { RUST_LOG: 'info', RAYON_NUM_THREADS: '2', PATH: '/usr/bin', RISC0_INFO: '1' })
  })

  it('attack: the settler key in the backend environment never reaches the prover process', async () => {
    const bin = await standIn('prover-image-id', `echo '{"imageId":"${IMAGE_ID}"}'`)
    const saved = { ...process.env }
    process.env.VERITREE_SETTLER_PRIVATE_KEY = SECRET
    process.env.VERITREE_PROVER_BIN = bin
    process.env.RISC0_DEV_MODE = '1'
    try {
      assert.equal(await getImageId({ env: { RUST_BACKTRACE: '1' } }), IMAGE_ID)
    } finally {
      for (const key of ['VERITREE_SETTLER_PRIVATE_KEY', 'VERITREE_PROVER_BIN', 'RISC0_DEV_MODE'])
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
    }
    const seen = await dumpedEnv()
    assert.equal(seen.VERITREE_SETTLER_PRIVATE_KEY, undefined)
    assert.ok(!(await readFile(envDump, 'utf8')).includes(SECRET.slice(2)), 'the key appears nowhere')
    assert.equal(seen.VERITREE_PROVER_BIN, undefined)
    assert.equal(seen.RISC0_DEV_MODE, '1')
    assert.equal(seen.RUST_BACKTRACE, '1')
  })
})

describe('exit code 3: refused before proving', () => {
  const refusal = {
    error: 'too_large',
    cycles: 6_291_456,
    userCycles: 5_900_000,
    segments: 6,
    segmentPo2: 20,
    problems: ['6 segments of 2^20 cycles, at most 4 allowed: the test set is too large to prove'],
    estimated: false,
    limits: {
      maxSegments: 4,
      maxSegmentBytes: 350_000,
      maxPo2: 21,
      maxProvablePo2: 20,
      maxPublicInputsBytes: 2052,
    },
  }

  it('becomes ProverInputTooLargeError (code test_set_too_large) with the CLI numbers', async () => {
    const bin = await standIn(
      'prover-too-large',
      `echo '${JSON.stringify(refusal)}'\necho 'veritree-prover: refused before proving' >&2\nexit 3`,
    )
    await assert.rejects(getImageId({ env: { VERITREE_PROVER_BIN: bin } }), (e: unknown) => {
      assert.ok(e instanceof ProverInputTooLargeError)
      assert.equal(e.code, 'test_set_too_large')
      const { error: _error, ...details } = refusal
      assert.deepEqual(e.refusal, details)
      assert.match(e.message, /6 segment\(s\) of 2\^20 cycles .*at most 4 allowed/)
      return true
    })
  })

  it('exit 3 without a refusal on stdout stays a plain ProverFailedError', async () => {
    const bin = await standIn('prover-exit3-garbage', `echo 'not json'\nexit 3`)
    await assert.rejects(getImageId({ env: { VERITREE_PROVER_BIN: bin } }), (e: unknown) => {
      assert.ok(e instanceof ProverFailedError)
      assert.equal(e.exitCode, 3)
      return true
    })
  })
})
