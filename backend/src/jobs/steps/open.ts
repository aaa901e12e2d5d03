import { modelCommitment, UNPROVABLE_REASON } from '@veritree/contracts/job-terms'
import { readChainJob, readVerifierConfig } from '../../chain/market.ts'
import type { Step } from '../deps.ts'
import { PermanentJobError, UnprovableJobError } from '../errors.ts'

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

/**
 * opened → training, after checking (before any work) that the job can be proven and settled:
 * - the market's job is Open and its terms are exactly the stored quote's: same dataset, customer,
 *   test set, threshold, training parameters, expiry, a journal format the quote allows (one whose
 *   receipt fits zkVerify's limits) and a model commitment the quote's model hash and secret salt
 *   open. An unknown quote or any difference → TERMS_MISMATCH refund;
 * - the verifier config recorded on the job uses this backend's prover image → else VERIFIER_MISMATCH.
 */
export const openStep: Step = async ({ deps, job }) => {
  const chain = await readChainJob(deps.publicClient, job.market, job.jobId)
  if (chain.status !== 'Open')
    throw new PermanentJobError(`the market's job is ${chain.status}, not Open`, { code: 'internal' })
  const mismatch = (what: string): never => {
    throw new UnprovableJobError(
      UNPROVABLE_REASON.TERMS_MISMATCH,
      `the job's terms differ from its quote: ${what}`,
    )
  }
  const [quote, terms] = await Promise.all([
    deps.store.getQuote(chain.quoteId),
    deps.store.getQuoteTerms(chain.quoteId),
  ])
  if (!quote || !terms) return mismatch('the quote is unknown')
  if (quote.datasetId !== job.datasetId) mismatch('the quote is for another dataset')
  if (!same(quote.customer, chain.customer)) mismatch('the quote belongs to another customer')
  if (!same(quote.testSetHash, chain.testSetHash)) mismatch('test-set hash')
  if (quote.thresholdBps !== chain.thresholdBps) mismatch('threshold')
  if (!same(terms.paramsHash, chain.paramsHash)) mismatch('training parameters hash')
  // The customer chose the format when paying; the quote allows only formats whose receipt fits.
  if (!(terms.journalFormats as number[]).includes(chain.journalFormat))
    mismatch(`journal format ${chain.journalFormat} (the quote allows ${terms.journalFormats.join(' or ')})`)
  if (chain.journalFormat !== job.terms?.journalFormat) mismatch('journal format differs from JobOpened')
  if (terms.quoteExpiresAt !== job.terms?.quoteExpiresAt) mismatch('quote expiry')
  if (!terms.modelSalt) return mismatch('the quote has no model salt')
  if (!same(modelCommitment(terms.modelHash, terms.modelSalt), chain.modelCommitment))
    mismatch('model commitment')
  const dataset = await deps.store.getDataset(job.datasetId)
  if (!dataset) throw new PermanentJobError(`dataset ${job.datasetId} is gone; the job cannot be trained`)

  const [config, imageId] = await Promise.all([
    readVerifierConfig(deps.publicClient, deps.factory, chain.verifierId),
    deps.proverImageId(),
  ])
  if (!imageId) throw new Error('the prover is not built; waiting for it')
  if (!same(config.imageId, imageId))
    throw new UnprovableJobError(
      UNPROVABLE_REASON.VERIFIER_MISMATCH,
      `the job is verified against image ${config.imageId} (verifier ${chain.verifierId}); this backend proves ${imageId}`,
    )
  return { next: 'training', patch: {}, note: 'terms match the quote' }
}
