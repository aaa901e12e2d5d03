import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { type JobTerms, modelCommitment } from '@veritree/contracts/job-terms'
import { bytesToHex, type Hex } from 'viem'
import type { Store } from '../db/index.ts'

/**
 * The JobTerms for a stored quote, as the frontend sends them to openJob. Test support only: when the
 * quote row has no model salt yet (a preview that predates quote terms), one is drawn and written, so
 * the pipeline's tests do not depend on how the preview stores its quote.
 */
export async function quoteTermsForTest(dataDir: string, store: Store, quoteId: Hex): Promise<JobTerms> {
  const quote = await store.getQuote(quoteId)
  if (!quote) throw new Error(`no quote ${quoteId}`)
  let terms = await store.getQuoteTerms(quoteId)
  if (terms && !terms.modelSalt) {
    const db = new DatabaseSync(join(dataDir, 'veritree.sqlite'))
    try {
      db.exec('PRAGMA busy_timeout = 5000')
      const columns = (db.prepare('PRAGMA table_info(quotes)').all() as Array<{ name: string }>).map(
        (c) => c.name,
      )
      if (!columns.includes('model_salt')) db.exec('ALTER TABLE quotes ADD COLUMN model_salt TEXT')
      db.prepare('UPDATE quotes SET model_salt = ? WHERE id = ?').run(
        bytesToHex(randomBytes(32)),
        quoteId.toLowerCase(),
      )
    } finally {
      db.close()
    }
    terms = await store.getQuoteTerms(quoteId)
  }
  if (!terms?.modelSalt) throw new Error(`quote ${quoteId} has no model salt`)
  return {
    testSetHash: quote.testSetHash,
    paramsHash: terms.paramsHash,
    modelCommitment: modelCommitment(terms.modelHash, terms.modelSalt),
    quoteId: quote.id,
    quoteExpiresAt: BigInt(terms.quoteExpiresAt),
    thresholdBps: quote.thresholdBps,
    // Format 1 unless a test asks for another (pass `{ journalFormat: 2 }` as the change).
    journalFormat: 1,
  }
}
