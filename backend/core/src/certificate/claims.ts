import type { SaleFacts } from './saleFacts.ts'
import type { Claims } from './schema.ts'

const percent = (bps: number): string => `${(bps / 100).toFixed(2)}%`

/** The sale's facts with every hash lower-case, as the statements print them. */
function normalized(sale: SaleFacts) {
  return {
    ...sale,
    jobId: sale.jobId.toLowerCase(),
    modelHash: sale.modelHash.toLowerCase(),
    testSetHash: sale.testSetHash.toLowerCase(),
    imageId: sale.imageId.toLowerCase(),
    datasetCommitment: sale.datasetCommitment.toLowerCase(),
    paramsHash: sale.paramsHash.toLowerCase(),
    accuracyBps: sale.total === 0 ? 0 : Math.floor((sale.correct * 10_000) / sale.total),
  }
}

/** `maxDepth 4, minLeafSize 5, gainThresholdPpm 10000`, from the parameters as the bundle states them. */
function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ')
}

/**
 * The plain-language statement of what the sale's proof establishes and what it does not, in its
 * journal format. Written from the job's own numbers so a reader need not decode the journal; the
 * checker recomputes it from the bundle and fails when the text differs.
 */
export function saleClaims(sale: SaleFacts): Claims {
  return sale.journalFormat === 2 ? formatTwoClaims(sale) : formatOneClaims(sale)
}

/**
 * Format 1 (accuracy): the model's score on the test set is proven; where the model came from is not.
 *
 * @example
 * formatOneClaims({ correct: 28, total: 30, thresholdBps: 9000, met: true, ... }).proven[0]
 * // 'The model with SHA-256 0x… classified 28 of 30 rows (93.33%) of the test set with SHA-256 0x… correctly.'
 */
export function formatOneClaims(sale: SaleFacts): Claims {
  const input = normalized(sale)
  return {
    format: 1,
    proven: [
      `The model with SHA-256 ${input.modelHash} classified ${input.correct} of ${input.total} rows (${percent(input.accuracyBps)}) of the test set with SHA-256 ${input.testSetHash} correctly.`,
      `The required accuracy was ${percent(input.thresholdBps)} (${input.thresholdBps} basis points); it was ${input.met ? 'met' : 'NOT met'}.`,
      `These numbers were computed, in integers, by the RISC Zero guest program with image id ${input.imageId}, and are bound to job ${input.jobId}: the receipt's journal commits the job id, both hashes, the counts, the threshold and the outcome.`,
      'zkVerify verified the receipt (statement in the aggregation whose root is posted on the settlement chain), and the market contract released or refunded the escrow only after checking that aggregation proof against the verifier configuration recorded on this job when it was opened.',
      `The payment was bound, when the job was opened, to this model (a salted commitment to its SHA-256 ${input.modelHash}, opened at settlement) and to the SHA-256 of the training parameters shown: the market refuses a journal for any other model.`,
      'A summary of this sale was timestamped on Hedera Consensus Service at the consensus time shown, with the topic running hash shown.',
    ],
    notProven: [
      `That the model was trained on the vendor's dataset (commitment ${input.datasetCommitment}): format 1 proves accuracy only; training inside the proof is format 2.`,
      'That the model was trained with the training parameters shown: their hash was recorded when the job was opened, but training happens outside the proof.',
      'Anything about the test set beyond its hash: whether it is representative, or how the customer obtained it.',
      'How the model performs on any other data.',
    ],
  }
}

/**
 * Format 2 (training): the guest hashed the dataset and the parameters, trained the model itself and
 * scored it, and settle checked both hashes against the market's commitment and the job's terms.
 */
export function formatTwoClaims(sale: SaleFacts): Claims {
  const input = normalized(sale)
  return {
    format: 2,
    proven: [
      `The model with SHA-256 ${input.modelHash} was trained inside the proof, by the guest program's deterministic CART trainer, on the dataset whose canonical bytes have SHA-256 ${input.datasetCommitment}, with the training parameters whose canonical bytes have SHA-256 ${input.paramsHash} (${paramsText(input.params)}).`,
      `That dataset hash is the commitment the vendor registered in the market contract, and that parameters hash is the one bound to this job when it was opened: the market settles a format-2 job only when the journal's dataset commitment equals the market's and its parameters hash equals the job's.`,
      `The same model classified ${input.correct} of ${input.total} rows (${percent(input.accuracyBps)}) of the test set with SHA-256 ${input.testSetHash} correctly.`,
      `The required accuracy was ${percent(input.thresholdBps)} (${input.thresholdBps} basis points); it was ${input.met ? 'met' : 'NOT met'}.`,
      `These facts were computed, in integers, by the RISC Zero guest program with image id ${input.imageId}, and are bound to job ${input.jobId}: the receipt's format-2 journal commits the job id, the dataset, parameters, model and test-set hashes, the counts, the threshold and the outcome.`,
      'zkVerify verified the receipt (statement in the aggregation whose root is posted on the settlement chain), and the market contract released or refunded the escrow only after checking that aggregation proof against the verifier configuration recorded on this job when it was opened.',
      `The payment was bound, when the job was opened, to journal format 2, to this model (a salted commitment to its SHA-256 ${input.modelHash}, opened at settlement) and to the parameters hash above: the market refuses a journal of another format, for another model, dataset or parameters.`,
      'A summary of this sale was timestamped on Hedera Consensus Service at the consensus time shown, with the topic running hash shown.',
    ],
    notProven: [
      "What the dataset's rows mean or where they come from (its description, provenance or licence): only its bytes are committed.",
      'Anything about the test set beyond its hash: whether it is representative, or how the customer obtained it.',
      'How the model performs on any other data.',
    ],
  }
}
