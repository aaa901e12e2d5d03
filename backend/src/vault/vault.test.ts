import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadDataKey } from './dataKey.ts'
import { seal, unseal } from './seal.ts'

describe('vault', () => {
  it('generates the key once into an owner-only file and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-key-'))
    try {
      const file = join(dir, 'sub', 'data.key')
      const a = loadDataKey({ keyFile: file })
      assert.equal(statSync(file).mode & 0o777, 0o600)
      assert.deepEqual(loadDataKey({ keyFile: file }).key, a.key)
      writeFileSync(join(dir, 'open.key'), 'ab'.repeat(32), { mode: 0o644 })
      assert.throws(() => loadDataKey({ keyFile: join(dir, 'open.key') }), /readable by others/)
      assert.throws(() => loadDataKey({ hex: '0x1234', keyFile: file }), /32 bytes/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('seals with AES-256-GCM bound to the dataset id', () => {
    const key = loadDataKey({ hex: `0x${'42'.repeat(32)}`, keyFile: '/nonexistent' })
    const plain = new TextEncoder().encode('rows rows rows')
    const blob = seal(key, 7, plain)
    assert.notDeepEqual(new Uint8Array(blob.ciphertext), plain)
    assert.deepEqual(unseal(key, 7, blob), plain)
    assert.throws(() => unseal(key, 8, blob), /unable to authenticate|Unsupported state/)
    const tampered = {
      ...blob,
      ciphertext: Uint8Array.from(blob.ciphertext, (b, i) => (i === 0 ? b ^ 1 : b)),
    }
    assert.throws(() => unseal(key, 7, tampered))
    const other = loadDataKey({ hex: `0x${'43'.repeat(32)}`, keyFile: '/nonexistent' })
    assert.throws(() => unseal(other, 7, blob), /sealed with key/)
  })
})
