import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeJournal } from '../canonical/index.ts'
import { checkJournalFields } from './offlineChecks.ts'
import { saleFactsOfBundle, saleJournal } from './saleFacts.ts'
import { syntheticCertificate } from './testBundle.ts'

describe('SaleFacts', () => {
  it('the certificate states the facts it was built from, and their journal is the proof journal', () => {
    const { input, bundle } = syntheticCertificate()
    assert.deepEqual(saleFactsOfBundle(bundle), { ...input.sale, priceWei: input.sale.priceWei.toString() })
    assert.equal(encodeJournal(saleJournal(saleFactsOfBundle(bundle))), bundle.proof.journal)
  })

  it('a certificate whose facts differ from its journal fails the journal check, naming the field', async () => {
    const { bundle } = syntheticCertificate()
    const tampered = { ...bundle, job: { ...bundle.job, correct: 29 } }
    const check = await checkJournalFields(tampered)
    assert.equal(check.status, 'fail')
    assert.equal(check.detail, 'correct: journal 28, certificate 29')
  })
})
