// The attest step and the certificate route read the same stored records through saleFactsOf: what is
// timestamped on HCS must be exactly what the checker rebuilds from the certificate.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { buildCertificate, hcsSummary } from '@veritree/core/certificate'
import { syntheticCertificate } from '@veritree/core/certificate/testing'
import type { TimestampReceipt } from '../attest/types.ts'
import type { DatasetRecord, JobRecord, QuoteRecord } from '../db/index.ts'
import type { PipelineDeps, StepContext } from '../jobs/deps.ts'
import { PermanentJobError } from '../jobs/errors.ts'
import { attestStep } from '../jobs/steps/attest.ts'
import { saleFactsOf } from './saleFacts.ts'

const { input } = syntheticCertificate()
const s = input.sale
const job = {
  chainId: s.chainId,
  market: s.market,
  jobId: s.jobId,
  datasetId: 4,
  quoteId: s.quoteId,
  testSetHash: s.testSetHash,
  thresholdBps: s.thresholdBps,
  priceWei: s.priceWei.toString(),
  training: {
    model: new Uint8Array([1]),
    modelHash: s.modelHash,
    correct: s.correct,
    total: s.total,
    met: s.met,
  },
  proof: {
    imageId: s.imageId,
    journal: input.journal,
    receiptPath: '/nonexistent',
    stats: { cycles: null, segments: null, provingMs: null, receiptBytes: null },
  },
  verification: { submission: null, aggregation: input.aggregation },
  settlement: {
    tx: input.settleTx,
    outcome: {
      status: s.met ? 'Settled' : 'Refunded',
      met: s.met,
      modelHash: s.modelHash,
      correct: s.correct,
      total: s.total,
      ownJournal: true,
    },
  },
  attestation: null,
} as unknown as JobRecord
const quote = { id: s.quoteId, params: s.params, paramsHash: s.paramsHash } as QuoteRecord
const dataset = { id: 4, name: 'iris', commitment: s.datasetCommitment, link: null } as DatasetRecord

describe('saleFactsOf', () => {
  it('states the sale the certificate states', () => {
    const facts = saleFactsOf(job, quote, dataset)
    assert.ok('sale' in facts)
    assert.deepEqual(facts.sale, { ...s, priceWei: s.priceWei.toString() })
  })

  it('lists what a job has not produced yet', () => {
    assert.deepEqual(saleFactsOf({ ...job, proof: null }, quote, dataset), { missing: ['proof'] })
    assert.deepEqual(saleFactsOf({ ...job, training: null, proof: null }, quote, dataset), {
      missing: ['training', 'proof'],
    })
  })

  it('the attest step timestamps exactly the summary the checker rebuilds from the certificate', async () => {
    let submitted: Uint8Array | undefined
    const deps = {
      store: { getQuote: async () => quote, getDataset: async () => dataset },
      timestampLog: {
        network: 'local',
        submit: async (message: Uint8Array) => {
          submitted = message
          return input.timestamp satisfies TimestampReceipt
        },
      },
    } as unknown as PipelineDeps
    const context = {
      deps,
      job,
      signal: new AbortController().signal,
      progress: () => {},
    } as unknown as StepContext
    const outcome = await attestStep(context)
    assert.equal(outcome.next, 'done')
    const facts = saleFactsOf(job, quote, dataset)
    assert.ok('sale' in facts)
    const bundle = buildCertificate({ ...input, sale: facts.sale })
    assert.deepEqual(submitted, hcsSummary(bundle))

    const gone = {
      ...context,
      deps: { ...deps, store: { getQuote: async () => null, getDataset: async () => dataset } },
    }
    await assert.rejects(attestStep(gone as unknown as StepContext), PermanentJobError)
  })
})
