/**
 * One sale, stated once. The journal the proof must commit, the HCS summary, the certificate and its
 * checks all read these facts instead of each picking its own subset from the job record.
 */
import type { Address, Hex } from 'viem'
import { encodeJournal, encodeTrainingJournal, type SaleJournal } from '../canonical/index.ts'
import type { CertificateBundle } from './schema.ts'

/** What a finished sale establishes: who bought what, which model, and how it scored. */
export type SaleFacts = {
  /** Settlement chain. */
  chainId: number
  /** The dataset's market contract (the escrow). */
  market: Address
  jobId: Hex
  /** The backend quote the job was opened against. */
  quoteId: Hex
  /** sha256 of the vendor's canonical dataset bytes, as committed on chain. */
  datasetCommitment: Hex
  /** Training parameters: proven in format 2 (their hash is in the journal), reported in format 1. */
  params: Record<string, unknown>
  /** sha256 of the parameters' 11 canonical bytes, bound to the job at openJob (`JobTerms.paramsHash`). */
  paramsHash: Hex
  /** `JobTerms.journalFormat`: 1 proves accuracy; 2 also proves training on the dataset. */
  journalFormat: 1 | 2
  /** Accuracy the customer required, in basis points. */
  thresholdBps: number
  /** What the customer paid, in wei. */
  priceWei: string | bigint
  /** sha256 of the canonical model bytes. */
  modelHash: Hex
  /** sha256 of the canonical test-set bytes. */
  testSetHash: Hex
  correct: number
  total: number
  met: boolean
  /** The RISC Zero guest that computed `correct` and `total`. */
  imageId: Hex
}

/** What happened after the proof: the statement's zkVerify aggregation and the settle transaction. */
export type SaleSettlement = { statement: Hex; aggregationId: bigint | string; settleTx: Hex }

/**
 * The journal a proof of this sale must commit, field for field, in the sale's format.
 *
 * @example encodeSaleJournal(facts) === proof.journal
 */
export function saleJournal(sale: SaleFacts): SaleJournal {
  const accuracy = {
    jobId: sale.jobId,
    modelHash: sale.modelHash,
    testSetHash: sale.testSetHash,
    correct: sale.correct,
    total: sale.total,
    thresholdBps: sale.thresholdBps,
    met: sale.met,
  }
  if (sale.journalFormat === 1) return { format: 1, ...accuracy }
  return {
    format: 2,
    ...accuracy,
    datasetCommitment: sale.datasetCommitment,
    paramsHash: sale.paramsHash,
  }
}

/** The journal bytes a proof of this sale must commit (256 bytes in format 1, 320 in format 2). */
export function encodeSaleJournal(sale: SaleFacts): Hex {
  const journal = saleJournal(sale)
  return journal.format === 2 ? encodeTrainingJournal(journal) : encodeJournal(journal)
}

/** The sale facts a certificate states (its `job`, `dataset`, `parameters` and `proof.imageId`). */
export function saleFactsOfBundle(bundle: CertificateBundle): SaleFacts {
  return {
    chainId: bundle.job.chainId,
    market: bundle.dataset.market,
    jobId: bundle.job.jobId,
    quoteId: bundle.job.quoteId,
    datasetCommitment: bundle.dataset.commitment,
    params: bundle.parameters,
    paramsHash: bundle.job.paramsHash,
    journalFormat: bundle.job.journalFormat,
    thresholdBps: bundle.job.thresholdBps,
    priceWei: bundle.job.priceWei,
    modelHash: bundle.job.modelHash,
    testSetHash: bundle.job.testSetHash,
    correct: bundle.job.correct,
    total: bundle.job.total,
    met: bundle.job.met,
    imageId: bundle.proof.imageId,
  }
}

/** The settlement a certificate states. */
export function saleSettlementOfBundle(bundle: CertificateBundle): SaleSettlement {
  return {
    statement: bundle.zkVerify.statement,
    aggregationId: bundle.zkVerify.aggregationId,
    settleTx: bundle.settlement.txHash,
  }
}
