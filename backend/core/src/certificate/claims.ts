import type { SaleFacts } from './saleFacts.ts'
import type { Claims } from './schema.ts'

const percent = (bps: number): string => `${(bps / 100).toFixed(2)}%`

/**
 * The plain-language statement of what a format-1 (accuracy) proof establishes and what it does not.
 * Written from the job's own numbers so a reader need not decode the journal; the checker recomputes
 * it from the bundle and fails when the text differs.
 *
 * @example
 * formatOneClaims({ correct: 28, total: 30, thresholdBps: 9000, met: true, ... }).proven[0]
 * // 'The model with SHA-256 0x… classified 28 of 30 rows (93.33%) of the test set with SHA-256 0x… correctly.'
 */
export function formatOneClaims(sale: SaleFacts): Claims {
  const input = {
    ...sale,
    jobId: sale.jobId.toLowerCase(),
    modelHash: sale.modelHash.toLowerCase(),
    testSetHash: sale.testSetHash.toLowerCase(),
    imageId: sale.imageId.toLowerCase(),
    datasetCommitment: sale.datasetCommitment.toLowerCase(),
  }
  const accuracyBps = input.total === 0 ? 0 : Math.floor((input.correct * 10_000) / input.total)
  return {
    format: 1,
    proven: [
      `The model with SHA-256 ${input.modelHash} classified ${input.correct} of ${input.total} rows (${percent(accuracyBps)}) of the test set with SHA-256 ${input.testSetHash} correctly.`,
      `The required accuracy was ${percent(input.thresholdBps)} (${input.thresholdBps} basis points); it was ${input.met ? 'met' : 'NOT met'}.`,
      `These numbers were computed, in integers, by the RISC Zero guest program with image id ${input.imageId}, and are bound to job ${input.jobId}: the receipt's journal commits the job id, both hashes, the counts, the threshold and the outcome.`,
      'zkVerify verified the receipt (statement in the aggregation whose root is posted on the settlement chain), and the market contract released or refunded the escrow only after checking that aggregation proof against the verifier configuration recorded on this job when it was opened.',
      `The payment was bound, when the job was opened, to this model (a salted commitment to its SHA-256 ${input.modelHash}, opened at settlement) and to the SHA-256 of the training parameters shown: the market refuses a journal for any other model.`,
      'A summary of this sale was timestamped on Hedera Consensus Service at the consensus time shown, with the topic running hash shown.',
    ],
    notProven: [
      `That the model was trained on the vendor's dataset (commitment ${input.datasetCommitment}): format 1 proves accuracy only; training inside the proof is a later format.`,
      'That the model was trained with the training parameters shown: their hash was recorded when the job was opened, but training happens outside the proof.',
      'Anything about the test set beyond its hash: whether it is representative, or how the customer obtained it.',
      'How the model performs on any other data.',
    ],
  }
}
