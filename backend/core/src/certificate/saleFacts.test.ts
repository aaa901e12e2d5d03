import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkJournalFields } from './offlineChecks.ts'
import { encodeSaleJournal, saleFactsOfBundle } from './saleFacts.ts'
import { syntheticCertificate } from './testBundle.ts'

describe('SaleFacts', () => {
  it('the certificate states the facts it was built from, and their journal is the proof journal', () => {
    for (const journalFormat of [1, 2] as const) {
      const { input, bundle } = syntheticCertificate({ journalFormat })
      assert.deepEqual(saleFactsOfBundle(bundle), { ...input.sale, priceWei: input.sale.priceWei.toString() })
      assert.equal(encodeSaleJournal(saleFactsOfBundle(bundle)), bundle.proof.journal)
      assert.equal(bundle.proof.journal.length, journalFormat === 2 ? 2 + 640 : 2 + 512)
    }
  })

  it('a format-2 certificate naming another dataset fails the journal check on datasetCommitment', async () => {
    const { bundle } = syntheticCertificate({ journalFormat: 2 })
    const other = `0x${'12'.repeat(32)}` as const
    const check = await checkJournalFields({ ...bundle, dataset: { ...bundle.dataset, commitment: other } })
    assert.equal(check.status, 'fail')
    assert.match(
      check.detail,
      new RegExp(`^datasetCommitment: journal 0x[0-9a-f]{64}, certificate ${other}$`),
    )
  })

  it('a certificate whose facts differ from its journal fails the journal check, naming the field', async () => {
    const { bundle } = syntheticCertificate()
    const tampered = { ...bundle, job: { ...bundle.job, correct: 29 } }
    const check = await checkJournalFields(tampered)
    assert.equal(check.status, 'fail')
    assert.equal(check.detail, 'correct: journal 28, certificate 29')
  })
})
