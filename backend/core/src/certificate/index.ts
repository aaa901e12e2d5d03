/**
 * The receipt certificate: its schema, how it is built from a sale's results, and the checks anyone can
 * run on it without a network, and the same for a prediction (feed request) certificate (the chain and
 * mirror checks of both live in the backend, next to the ABIs).
 */

export { base64ToBytes } from './base64.ts'
export {
  buildCertificate,
  type CertificateInput,
  CertificateInputError,
  inlineReceiptBytes,
} from './buildCertificate.ts'
export {
  CHECKS,
  type Check,
  type CheckId,
  check,
  expect,
  FEED_CHECKS,
  type FeedCheck,
  type FeedCheckId,
  feedCheck,
  runCheck,
  runFeedCheck,
} from './check.ts'
export { formatOneClaims, formatTwoClaims, saleClaims } from './claims.ts'
export {
  checkFeedHcsSummary,
  checkFeedJournalDecodes,
  checkFeedJournalFields,
  checkFeedMerklePath,
  checkFeedReceiptHash,
  checkFeedStatement,
  feedHcsSummary,
  feedReceiptBytes,
  isFeedCertificate,
  offlineFeedChecks,
  parseFeedCertificate,
} from './feedChecks.ts'
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
  merklePathLeads,
  paramsHashOf,
  receiptHashMatches,
  recomputeBundleRunningHash,
  recomputeRunningHash,
  type StatedAggregation,
  type StatedTimestamp,
  statementRecomputes,
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
