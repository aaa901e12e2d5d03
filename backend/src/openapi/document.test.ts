import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { API_COMPONENTS, API_RESPONSES, JOB_STATES } from '@veritree/core/api'
import { openApiDocument } from './document.ts'

type Doc = {
  components: { schemas: Record<string, Record<string, unknown>> }
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>
}

describe('OpenAPI document', () => {
  const doc = openApiDocument() as Doc

  it('documents exactly the routes that have response schemas, and every JSON success', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    )
    const withJson = documented.filter(({ op }) =>
      Object.entries(op.responses).some(
        ([code, r]) => code.startsWith('2') && r.content?.['application/json'],
      ),
    )
    assert.deepEqual(withJson.map((d) => d.key).sort(), Object.keys(API_RESPONSES).sort())
  })

  it('takes its components from the zod schemas (the job has every field the route writes)', () => {
    assert.deepEqual(Object.keys(doc.components.schemas).sort(), Object.keys(API_COMPONENTS).sort())
    const job = doc.components.schemas.Job as {
      properties: Record<string, { enum?: string[] }>
      required: string[]
    }
    for (const field of [
      'chainId',
      'market',
      'attempts',
      'quoteId',
      'testSetHash',
      'thresholdBps',
      'priceWei',
      'deadline',
      'openedTx',
    ])
      assert.ok(job.required.includes(field), field)
    assert.deepEqual(job.properties.state?.enum, [...JOB_STATES])
  })
})
