import { errorMessage } from '../errors.ts'

/** One line of a certificate check report. */
export type Check = {
  /** Stable id, e.g. `zkverify.merklePath`; tests and the certificate page key on it. */
  id: CheckId
  label: string
  status: 'pass' | 'fail' | 'skipped'
  /** What was compared, or why it failed or was skipped. */
  detail: string
}

/** Every check, in report order, with its label. */
export const CHECKS = {
  'bundle.schema': 'The bundle is a well-formed veritree.certificate/1',
  'claims.statement': 'The plain statement matches the proven numbers',
  'journal.decode': "The journal decodes strictly, in the job's journal format",
  'journal.fields': "The journal's fields equal the certificate's job fields",
  'journal.training':
    "Format 2: the model was trained on the market's committed dataset with the job's parameters",
  'zkverify.statement': 'The zkVerify statement recomputes from the image id and journal',
  'zkverify.merklePath': 'The Merkle path leads from the statement to the aggregation root',
  'receipt.sha256': 'The receipt file matches its SHA-256',
  'receipt.verify': 'The RISC Zero receipt verifies against the image id and journal',
  'chain.network': 'The RPC serves the settlement chain',
  'chain.aggregation':
    'The aggregation root is posted on-chain and verifyProofAggregation accepts the statement',
  'chain.settlement': 'The settle transaction emitted JobSettled for this job with these numbers',
  'chain.job':
    'The on-chain job matches the test set, threshold, quote, price, parameters, journal format and outcome',
  'chain.dataset': "The market holds the dataset's commitment",
  'hcs.message': 'The HCS mirror shows this summary at this sequence number and time',
  'hcs.runningHash': 'The HCS running hash recomputes from the previous running hash',
} as const

export type CheckId = keyof typeof CHECKS

/** Builds a check result with its standard label. */
export function check(id: CheckId, status: Check['status'], detail: string): Check {
  return { id, label: CHECKS[id], status, detail }
}

/** Runs `body` as check `id`: its return value is the pass detail; a throw is a fail with the message. */
export async function runCheck(id: CheckId, body: () => Promise<string> | string): Promise<Check> {
  try {
    return check(id, 'pass', await body())
  } catch (error) {
    return check(id, 'fail', errorMessage(error))
  }
}

/** Throws `message` unless `condition` holds (the fail detail of a check). */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}
