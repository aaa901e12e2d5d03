import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { encodePredictions } from '@veritree/core/canonical'
import { type Check, FEED_CHECKS } from '@veritree/core/certificate'
import { flipHex, syntheticCertificate, syntheticFeedCertificate } from '@veritree/core/certificate/testing'
import { bytesToHex } from 'viem'

// Drives `scripts/verify-receipt.ts` as a process, on SYNTHETIC certificates (offline checks only).
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

describe('npm run verify-receipt on a prediction certificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-verify-feed-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const { certificate } = syntheticFeedCertificate()
  const write = (name: string, value: unknown) => {
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(value))
    return file
  }
  const good = write('feed.json', certificate)
  // The synthetic certificate embeds bytes that are not a RISC Zero receipt: receipt.verify runs the
  // host CLI on them and must fail, saying why (not be skipped as if nothing were there).
  const receiptVerifyFails = (stdout: string) => {
    assert.match(
      stdout,
      /^✗ The RISC Zero receipt verifies against the image id and journal \[receipt\.verify\]\n {4}veritree-prover/m,
    )
  }

  it('is recognised by its version and every offline check passes; the fake receipt fails receipt.verify', () => {
    const { code, stdout } = run([good])
    assert.equal(code, 1, stdout)
    assert.match(
      stdout,
      /^✓ The certificate is a well-formed veritree\.inference-certificate\/1 \[bundle\.schema\]$/m,
    )
    for (const id of [
      'journal.decode',
      'journal.fields',
      'zkverify.statement',
      'zkverify.merklePath',
      'receipt.sha256',
      'hcs.summary',
    ])
      assert.match(stdout, new RegExp(`^✓ .* \\[${id.replace('.', '\\.')}\\]$`, 'm'), id)
    receiptVerifyFails(stdout)
    assert.match(
      stdout,
      /^– The feed serves exactly these predictions to contracts \(predictionsOf\) \[chain\.predictions\]\n {4}no RPC URL given \(--rpc\)$/m,
    )
    assert.match(stdout, /^FAILED: 7 passed, 1 failed, 8 skipped$/m)
  })

  it('prints the prediction checks as JSON, in FEED_CHECKS order', () => {
    const { code, stdout } = run([good, '--json'])
    assert.equal(code, 1)
    const checks = JSON.parse(stdout) as Check<string>[]
    assert.deepEqual(
      checks.map((c) => c.id),
      Object.keys(FEED_CHECKS),
    )
    assert.deepEqual(
      checks.filter((c) => c.status === 'fail').map((c) => c.id),
      ['receipt.verify'],
    )
  })

  it('checks a --receipt file instead of the embedded receipt', () => {
    const other = join(dir, 'other.cbor')
    writeFileSync(other, new Uint8Array([1, 2, 3]))
    const { code, stdout } = run([good, '--receipt', other])
    assert.equal(code, 1)
    assert.match(
      stdout,
      /^✗ The receipt matches its SHA-256 \[receipt\.sha256\]\n {4}the receipt hashes to 0x/m,
    )
    receiptVerifyFails(stdout)
  })

  const tampered: Array<[string, unknown, string, string[]]> = [
    [
      'a changed prediction',
      {
        ...certificate,
        predictions: {
          ...certificate.predictions,
          bytes: bytesToHex(encodePredictions([1, 0])),
          classes: [1, 0],
        },
      },
      'journal.fields',
      ['hcs.summary'],
    ],
    [
      'another model',
      { ...certificate, model: { ...certificate.model, modelHash: flipHex(certificate.model.modelHash) } },
      'journal.fields',
      ['hcs.summary'],
    ],
    [
      'another request',
      { ...certificate, requestId: flipHex(certificate.requestId) },
      'journal.fields',
      ['hcs.summary'],
    ],
    [
      'a wrong Merkle path',
      { ...certificate, aggregation: { ...certificate.aggregation, index: '2' } },
      'zkverify.merklePath',
      [],
    ],
    [
      'an edited HCS message',
      { ...certificate, hcsMessage: certificate.hcsMessage.replace('"count":2', '"count":3') },
      'hcs.summary',
      [],
    ],
  ]
  // Each fails its own check; a changed fact is also no longer what the HCS message summarises.
  for (const [what, value, id, alsoFailing] of tampered) {
    it(`${what}: exits 1 and marks ${id}`, () => {
      const { code, stdout } = run([write(`${id}-${what.replaceAll(' ', '-')}.json`, value)])
      assert.equal(code, 1)
      assert.match(stdout, new RegExp(`^✗ .* \\[${id.replace('.', '\\.')}\\]$`, 'm'))
      const failing = [id, ...alsoFailing, 'receipt.verify']
      assert.match(
        stdout,
        new RegExp(`^FAILED: ${8 - failing.length} passed, ${failing.length} failed, 8 skipped$`, 'm'),
      )
    })
  }

  it('a malformed prediction certificate fails bundle.schema, naming the field, and skips the rest', () => {
    const { code, stdout } = run([write('malformed.json', { ...certificate, count: -1 })])
    assert.equal(code, 1)
    assert.match(
      stdout,
      /^✗ The certificate is a well-formed veritree\.inference-certificate\/1 \[bundle\.schema\]\n {4}count: /m,
    )
    assert.match(stdout, /^FAILED: 0 passed, 1 failed, 15 skipped$/m)
  })
})
