import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig, preparePrivateDataDir, requireChainSettings } from './config.ts'
import { DEFAULT_FEED_INPUTS_LIMITS, MAX_INPUTS_BYTES } from './feeds/limits.ts'

describe('preparePrivateDataDir', () => {
  it('creates the data directory 0700, narrows an existing one, and files in it are 0600', () => {
    const root = mkdtempSync(join(tmpdir(), 'veritree-datadir-'))
    const previous = process.umask()
    try {
      const fresh = join(root, 'fresh', 'data')
      preparePrivateDataDir(fresh)
      assert.equal(statSync(fresh).mode & 0o777, 0o700)
      writeFileSync(join(fresh, 'data.key'), 'secret')
      assert.equal(statSync(join(fresh, 'data.key')).mode & 0o777, 0o600)
      const open = join(root, 'open')
      process.umask(0o022)
      mkdirSync(open, { mode: 0o755 })
      preparePrivateDataDir(open)
      assert.equal(statSync(open).mode & 0o777, 0o700)
    } finally {
      process.umask(previous)
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('loadConfig', () => {
  it('defaults to the local devnet', () => {
    const c = loadConfig({})
    assert.equal(c.host, '127.0.0.1')
    assert.equal(c.port, 8787)
    assert.equal(c.rpcUrl, 'http://127.0.0.1:8545')
    assert.equal(c.zkVerify.mode, 'local')
    assert.equal(c.hcs.network, 'local')
    assert.equal(c.proveConcurrency, 1)
    assert.match(c.dataDir, /\.data$/)
    assert.ok(c.publicOrigins.includes('http://127.0.0.1:5173'))
  })

  it('names every variable a real-network mode still needs', () => {
    assert.throws(
      () => loadConfig({ VERITREE_ZKVERIFY_MODE: 'zkverify', VERITREE_HCS_NETWORK: 'testnet' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        /VERITREE_ZKVERIFY_SEED/.test(e.message) &&
        /VERITREE_ZKVERIFY_DOMAIN_ID/.test(e.message) &&
        /VERITREE_HCS_OPERATOR_ID/.test(e.message) &&
        /VERITREE_HCS_OPERATOR_KEY/.test(e.message),
    )
    assert.throws(
      () => requireChainSettings(loadConfig({})),
      /VERITREE_FACTORY_ADDRESS, VERITREE_SETTLER_PRIVATE_KEY/,
    )
  })

  it('rejects malformed values, naming the variable', () => {
    assert.throws(() => loadConfig({ VERITREE_PORT: 'eighty' }), /VERITREE_PORT/)
    assert.throws(() => loadConfig({ VERITREE_FACTORY_ADDRESS: '0x1234' }), /VERITREE_FACTORY_ADDRESS/)
    assert.throws(() => loadConfig({ VERITREE_DATA_KEY: 'abc' }), /VERITREE_DATA_KEY/)
    assert.throws(() => loadConfig({ VERITREE_PUBLIC_ORIGINS: 'not a url' }), /VERITREE_PUBLIC_ORIGINS/)
  })

  it('feed inputs: the grace period defaults to an hour and is bounded; the per-wallet quota is settable', () => {
    assert.deepEqual(loadConfig({}).feedInputs, DEFAULT_FEED_INPUTS_LIMITS)
    assert.equal(DEFAULT_FEED_INPUTS_LIMITS.graceMs, 60 * 60 * 1000, 'unchanged from the fixed hour')
    const set = loadConfig({
      VERITREE_FEED_INPUTS_GRACE_MS: '600000',
      VERITREE_FEED_INPUTS_PER_WALLET: '5',
      VERITREE_FEED_INPUTS_BYTES_PER_WALLET: String(MAX_INPUTS_BYTES),
    })
    assert.deepEqual(set.feedInputs, {
      graceMs: 600_000,
      maxPerWallet: 5,
      maxBytesPerWallet: MAX_INPUTS_BYTES,
    })
    for (const [name, value] of [
      ['VERITREE_FEED_INPUTS_GRACE_MS', '59999'], // shorter than the sweep interval
      ['VERITREE_FEED_INPUTS_GRACE_MS', String(3 * 60 * 60 * 1000 + 1)], // past half the shortest job timeout
      ['VERITREE_FEED_INPUTS_GRACE_MS', 'an hour'],
      ['VERITREE_FEED_INPUTS_PER_WALLET', '0'],
      ['VERITREE_FEED_INPUTS_BYTES_PER_WALLET', String(MAX_INPUTS_BYTES - 1)], // not even one full upload
    ] as const)
      assert.throws(
        () => loadConfig({ [name]: value }),
        (e: unknown) => e instanceof ConfigError && e.message.includes(name),
        `${name}=${value}`,
      )
  })
})
