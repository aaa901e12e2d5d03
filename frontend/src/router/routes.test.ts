import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseRoute, paths } from './routes.ts'

test('every path builder parses back to its route', () => {
  assert.deepEqual(parseRoute(paths.market()), { name: 'market' })
  assert.deepEqual(parseRoute(paths.dataset('7')), { name: 'dataset', id: '7' })
  assert.deepEqual(parseRoute(paths.buy()), { name: 'buy', datasetId: null })
  assert.deepEqual(parseRoute(paths.buy('7')), { name: 'buy', datasetId: '7' })
  assert.deepEqual(parseRoute(paths.job('0xab')), { name: 'job', jobId: '0xab' })
  assert.deepEqual(parseRoute(paths.vendor()), { name: 'vendor' })
  assert.deepEqual(parseRoute(paths.certificate('0xab')), { name: 'certificate', jobId: '0xab' })
  assert.deepEqual(parseRoute(paths.models()), { name: 'models' })
  assert.deepEqual(parseRoute(paths.feeds()), { name: 'feeds' })
  assert.deepEqual(parseRoute(paths.feed('0xfe')), { name: 'feed', address: '0xfe' })
  assert.deepEqual(parseRoute(paths.feedRequest('0xab')), { name: 'feedRequest', requestId: '0xab' })
  assert.deepEqual(parseRoute(paths.feedCertificate('0xab')), { name: 'feedCertificate', requestId: '0xab' })
})

test('unknown or malformed paths are notFound, never a throw', () => {
  assert.equal(parseRoute('/nope').name, 'notFound')
  assert.equal(parseRoute('/datasets/1/extra').name, 'notFound')
  assert.equal(parseRoute('/datasets/%E0%A4%A').name, 'notFound')
  assert.equal(parseRoute('/datasets').name, 'notFound')
  assert.equal(parseRoute('/models/1').name, 'notFound')
  assert.equal(parseRoute('/feeds/0xfe/extra').name, 'notFound')
  assert.equal(parseRoute('/feed-requests').name, 'notFound')
  assert.equal(parseRoute('/feed-certificates').name, 'notFound')
})
