import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type Harness, startHarness } from '../testing/harness.ts'
import { signIn } from '../testing/http.ts'

describe('auth (SIWE)', () => {
  let h: Harness
  before(async () => {
    h = await startHarness()
  })
  after(() => h.close())

  it('signs in, sets an httpOnly SameSite=Lax cookie, and logs out', async () => {
    const c = h.client()
    const res = await signIn(c, h.vendor, h.chain.chainId)
    assert.equal(res.status, 200, JSON.stringify(res.body))
    assert.equal(res.body.address, h.vendor.account.address.toLowerCase())
    const cookie = res.headers.get('set-cookie') ?? ''
    assert.match(cookie, /HttpOnly/i)
    assert.match(cookie, /SameSite=Lax/i)
    assert.equal((await c.request('GET', '/auth/me')).body.address, h.vendor.account.address.toLowerCase())
    assert.equal((await c.request('POST', '/auth/logout')).status, 204)
    assert.equal((await c.request('GET', '/auth/me')).status, 401)
  })

  it('uses each nonce once', async () => {
    const c = h.client()
    const { body } = await c.request('GET', '/auth/nonce')
    const { createSiweMessage } = await import('viem/siwe')
    const message = createSiweMessage({
      address: h.vendor.account.address,
      chainId: h.chain.chainId,
      domain: '127.0.0.1:5173',
      nonce: body.nonce,
      uri: 'http://127.0.0.1:5173',
      version: '1',
    })
    const signature = await h.vendor.signMessage({ message })
    assert.equal((await c.request('POST', '/auth/verify', { body: { message, signature } })).status, 200)
    const replay = await c.request('POST', '/auth/verify', { body: { message, signature } })
    assert.equal(replay.status, 401)
    assert.match(replay.body.error.message, /nonce/)
  })

  it('rejects another domain, another chain, a forged signature and a malformed body', async () => {
    const wrongDomain = await signIn(h.client(), h.vendor, h.chain.chainId, {
      domain: 'evil.example',
      uri: 'https://evil.example',
    })
    assert.equal(wrongDomain.status, 401)
    assert.match(wrongDomain.body.error.message, /domain/)
    const wrongChain = await signIn(h.client(), h.vendor, h.chain.chainId, { chainId: 1 })
    assert.equal(wrongChain.status, 401)
    assert.match(wrongChain.body.error.message, /chain id/)

    const c = h.client()
    const { body } = await c.request('GET', '/auth/nonce')
    const { createSiweMessage } = await import('viem/siwe')
    const message = createSiweMessage({
      address: h.vendor.account.address,
      chainId: h.chain.chainId,
      domain: '127.0.0.1:5173',
      nonce: body.nonce,
      uri: 'http://127.0.0.1:5173',
      version: '1',
    })
    const forged = await h.stranger.signMessage({ message })
    const res = await c.request('POST', '/auth/verify', { body: { message, signature: forged } })
    assert.equal(res.status, 401)
    assert.equal(res.body.error.code, 'siwe_rejected')
    assert.equal((await c.request('GET', '/auth/me')).status, 401)

    const bad = await c.request('POST', '/auth/verify', { body: { message: 'hi' } })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.error.code, 'invalid_input')
  })

  it('requires a session on every vendor and customer route', async () => {
    const c = h.client()
    const jobId = `0x${'ab'.repeat(32)}`
    const routes: Array<[string, string, string?]> = [
      ['GET', '/auth/me'],
      ['POST', '/datasets?name=x&labelColumn=y', 'a,y\n1,2\n'],
      ['POST', '/datasets/1/preview?thresholdBps=5000', 'a,y\n1,2\n'],
      ['GET', '/jobs?mine=1'],
      ['GET', `/jobs/${jobId}/model`],
      ['GET', `/jobs/${jobId}/receipt`],
      ['GET', '/vendor/datasets'],
    ]
    for (const [method, path, body] of routes) {
      const res = await c.request(method, path, body === undefined ? {} : { body })
      assert.equal(res.status, 401, `${method} ${path}`)
      assert.equal(res.body.error.code, 'unauthenticated', `${method} ${path}`)
    }
  })

  it('serves health, OpenAPI and JSON 404s', async () => {
    const c = h.client()
    const health = await c.request('GET', '/health')
    assert.deepEqual(health.body, {
      ok: true,
      chainId: h.chain.chainId,
      factory: h.chain.deployment.factory,
      prover: { imageId: null },
      zkVerify: 'local',
      hcs: 'local',
    })
    const doc = await c.request('GET', '/openapi.json')
    assert.equal(doc.body.openapi, '3.1.0')
    for (const path of [
      '/datasets',
      '/datasets/{id}/preview',
      '/jobs/{jobId}/events',
      '/certificates/{jobId}',
      '/vendor/datasets',
    ])
      assert.ok(doc.body.paths[path], path)
    const missing = await c.request('GET', '/nope')
    assert.equal(missing.status, 404)
    assert.equal(missing.body.error.code, 'not_found')
  })
})
