/**
 * The receipt certificate: its schema, how it is built from a sale's results, and the checks anyone can
 * run on it without a network (the chain and mirror checks live in the backend, next to the ABIs).
 */
export {
  buildCertificate,
  type CertificateInput,
  CertificateInputError,
  inlineReceiptBytes,
} from './buildCertificate.ts'
export { CHECKS, type Check, type CheckId, check, expect, runCheck } from './check.ts'
export { formatOneClaims, formatTwoClaims, saleClaims } from './claims.ts'
export { formatChecks } from './formatChecks.ts'
export { type HcsSummaryInput, hcsSummary } from './hcsSummary.ts'
export { type InferenceSummaryInput, inferenceHcsSummary } from './inferenceSummary.ts'
export {
  checkClaims,
  checkJournalDecodes,
  checkJournalFields,
  checkMerklePath,
  checkReceiptHash,
  checkRunningHashOffline,
  checkStatement,
  checkTrainingProvenance,
  paramsHashOf,
  recomputeBundleRunningHash,
} from './offlineChecks.ts'
export {
  encodeSaleJournal,
  type SaleFacts,
  type SaleSettlement,
  saleFactsOfBundle,
  saleJournal,
  saleSettlementOfBundle,
} from './saleFacts.ts'
export {
  CERTIFICATE_VERSION,
  type CertificateBundle,
  type Claims,
  certificateBundleSchema,
  claimsSchema,
  parseCertificate,
} from './schema.ts'
