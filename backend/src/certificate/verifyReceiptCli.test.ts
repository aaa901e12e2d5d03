import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Check } from '@veritree/core/certificate'
import { flipHex, syntheticCertificate } from '@veritree/core/certificate/testing'

// Drives `scripts/verify-receipt.ts` as a process, on the SYNTHETIC bundle (offline checks only).
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/verify-receipt.ts')

function run(args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('npm run verify-receipt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-verify-receipt-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const { bundle } = syntheticCertificate()
  const good = join(dir, 'good.json')
  writeFileSync(good, JSON.stringify(bundle))

  it('prints every check and exits 0 when none fails', () => {
    const { code, stdout } = run([good])
    assert.equal(code, 0, stdout)
    assert.match(stdout, /^✓ The bundle is a well-formed veritree\.certificate\/1 \[bundle\.schema\]$/m)
    assert.match(stdout, /^– The RPC serves the settlement chain \[chain\.network\]$/m)
    assert.match(stdout, /^OK: 7 passed, 0 failed, 9 skipped$/m)
  })

  it('format 2: checks the training claim (passes; fails for another dataset)', () => {
    const two = syntheticCertificate({ journalFormat: 2 }).bundle
    const file = join(dir, 'format2.json')
    writeFileSync(file, JSON.stringify(two))
    const ok = run([file])
    assert.equal(ok.code, 0, ok.stdout)
    assert.match(
      ok.stdout,
      /^✓ Format 2: the model was trained on the market's committed dataset with the job's parameters \[journal\.training\]$/m,
    )
    assert.match(ok.stdout, /^OK: 8 passed, 0 failed, 8 skipped$/m)
    const other = join(dir, 'format2-other-dataset.json')
    writeFileSync(
      other,
      JSON.stringify({ ...two, dataset: { ...two.dataset, commitment: flipHex(two.dataset.commitment) } }),
    )
    const bad = run([other])
    assert.equal(bad.code, 1)
    assert.match(bad.stdout, /^✗ Format 2: .* \[journal\.training\]$/m)
  })

  it('exits 1 and marks the failing check when a field was tampered', () => {
    const tampered = join(dir, 'tampered.json')
    writeFileSync(
      tampered,
      JSON.stringify({ ...bundle, zkVerify: { ...bundle.zkVerify, root: flipHex(bundle.zkVerify.root) } }),
    )
    const { code, stdout } = run([tampered])
    assert.equal(code, 1)
    assert.match(
      stdout,
      /^✗ The Merkle path leads from the statement to the aggregation root \[zkverify\.merklePath\]$/m,
    )
    assert.match(stdout, /^FAILED: 6 passed, 1 failed, 9 skipped$/m)
  })

  it('prints JSON with --json', () => {
    const { code, stdout } = run([good, '--json'])
    assert.equal(code, 0)
    const checks = JSON.parse(stdout) as Check[]
    assert.equal(checks.length, 16)
    assert.deepEqual(checks[0], {
      id: 'bundle.schema',
      label: 'The bundle is a well-formed veritree.certificate/1',
      status: 'pass',
      detail: `veritree.certificate/1, job ${bundle.job.jobId}`,
    })
  })

  it('exits 2 on usage errors, saying what is wrong', () => {
    const notJson = join(dir, 'not.json')
    writeFileSync(notJson, '{')
    const cases: [string[], RegExp][] = [
      [[], /no bundle file given/],
      [[good, good], /give exactly one bundle file/],
      [[good, '--rpc', 'not a url'], /--rpc "not a url" is not a URL/],
      [[good, '--mirror', 'file:///etc'], /--mirror must be an http\(s\) URL/],
      [[good, '--bogus'], /Unknown option '--bogus'/],
      [[join(dir, 'missing.json')], /cannot read bundle .*missing\.json/],
      [[good, '--receipt', join(dir, 'missing.cbor')], /cannot read receipt .*missing\.cbor/],
      [[notJson], /not\.json is not JSON/],
    ]
    for (const [args, message] of cases) {
      const { code, stderr } = run(args)
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`)
      assert.match(stderr, message)
      assert.match(stderr, /usage: npm run verify-receipt -- <bundle\.json>/)
    }
  })
})
