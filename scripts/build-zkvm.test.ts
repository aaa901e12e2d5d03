// scripts/build-zkvm.sh with cargo's shared target dir: a second build with nothing changed compiles
// nothing; two checkouts of the same sources in different folders build the same image id; a guest
// change in one checkout is rebuilt even when its files are older than the last build, and does not
// leak into the other checkout. Real builds (minutes): the guest is built for the zkVM each time.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import {
  copyFile,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readlink,
  rm,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BUILD_TIMEOUT_MS = 45 * 60_000
const IMAGE_ID = /^0x[0-9a-f]{64}$/

/** Runs build-zkvm.sh of the checkout at `root`; returns stdout (trimmed) and stderr. */
async function build(root: string, ...args: string[]): Promise<{ out: string; err: string }> {
  const { stdout, stderr } = await run('bash', [join(root, 'scripts/build-zkvm.sh'), ...args], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
    timeout: BUILD_TIMEOUT_MS,
  })
  return { out: stdout.trim(), err: stderr }
}

/** Lines in which cargo says it compiled one of our own crates. */
const compiledOurs = (stderr: string) => stderr.split('\n').filter((l) => /Compiling veritree-/.test(l))

/** Copies the files the build reads (tracked and untracked, not ignored) into a new checkout at `to`. */
async function checkout(to: string): Promise<string> {
  const { stdout } = await run(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', 'zkvm-guest', 'scripts/build-zkvm.sh'],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  )
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(to, file)), { recursive: true })
    // Symlinks stay symlinks (methods/guest/core is one, as git checks it out).
    const stat = await lstat(join(ROOT, file)).catch(() => null)
    if (stat?.isSymbolicLink()) {
      await symlink(await readlink(join(ROOT, file)), join(to, file))
      continue
    }
    await copyFile(join(ROOT, file), join(to, file)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e // deleted in the working tree but still in the index
    })
  }
  return to
}

let tmp: string
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'veritree-build-zkvm-test-'))
})
after(async () => {
  await rm(tmp, { recursive: true, force: true })
})

describe('build-zkvm.sh', { timeout: 6 * BUILD_TIMEOUT_MS }, () => {
  let imageId: string
  let a: string
  let b: string

  it('rejects an unknown argument with exit code 2', async () => {
    await assert.rejects(build(ROOT, '--no-such-flag'), (e: { code?: number; stderr?: string }) => {
      assert.equal(e.code, 2)
      assert.match(e.stderr ?? '', /unknown argument --no-such-flag/)
      return true
    })
  })

  it('a second build with nothing changed compiles nothing', { timeout: 2 * BUILD_TIMEOUT_MS }, async () => {
    await build(ROOT)
    const again = await build(ROOT)
    assert.deepEqual(compiledOurs(again.err), [], again.err)
    assert.match(again.err, /Finished/)
    imageId = JSON.parse(again.out.split('\n').at(-1) ?? '').imageId
    assert.match(imageId, IMAGE_ID)
    // The prover is linked into the clone from the source-keyed store.
    const key = (await build(ROOT, '--source-key')).out
    const link = await run('readlink', [join(ROOT, 'zkvm-guest/bin/veritree-prover')])
    assert.match(link.stdout.trim(), new RegExp(`/provers/${key}/veritree-prover$`))
  })

  it('the source key depends on the sources, not on the folder', async () => {
    a = await checkout(join(tmp, 'a'))
    b = await checkout(join(tmp, 'a-much', 'deeper', 'folder-for', 'checkout-b'))
    const keys = await Promise.all([ROOT, a, b].map(async (r) => (await build(r, '--source-key')).out))
    assert.match(keys[0] ?? '', /^[0-9a-f]{32}$/)
    assert.deepEqual(new Set(keys).size, 1, keys.join(' '))
  })

  it('two checkouts in different folders build the same image id', {
    timeout: 2 * BUILD_TIMEOUT_MS,
  }, async () => {
    // --force: both really compile the guest (same sources would otherwise reuse the shared build).
    const inA = await build(a, '--guest-only', '--force')
    assert.ok(compiledOurs(inA.err).length > 0, 'checkout a compiled its guest')
    const inB = await build(b, '--guest-only', '--force')
    assert.ok(compiledOurs(inB.err).length > 0, 'checkout b compiled its guest')
    assert.equal(inA.out, imageId)
    assert.equal(inB.out, imageId)
  })

  it('a guest change is rebuilt even when its file is older than the last build, and stays in its checkout', {
    timeout: 3 * BUILD_TIMEOUT_MS,
  }, async () => {
    const main = join(b, 'zkvm-guest/methods/guest/src/main.rs')
    const source = await readFile(main, 'utf8')
    assert.match(source, /invalid input: \{e\}/)
    await writeFile(main, source.replace('invalid input: {e}', 'invalid input (changed by a test): {e}'))
    // Older than every artifact: cargo's mtime check alone would call the shared build fresh.
    const old = new Date('2001-01-01T00:00:00Z')
    await utimes(main, old, old)

    const changed = await build(b, '--guest-only')
    assert.match(changed.out, IMAGE_ID)
    assert.notEqual(changed.out, imageId, 'the changed guest has another image id')
    // Back in checkout a (its files are unchanged): its own guest again, not b's.
    const back = await build(a, '--guest-only')
    assert.equal(back.out, imageId)
    const again = await build(a, '--guest-only')
    assert.equal(again.out, imageId)
    assert.deepEqual(compiledOurs(again.err), [], 'nothing changed, nothing compiled')
  })
})
