import { errorMessage } from '../errors.ts'

/**
 * One line of a certificate check report. `Id` is a sale certificate's check ids by default; a
 * prediction certificate's are {@link FeedCheckId} (several ids are shared, each with its own label).
 */
export type Check<Id extends string = CheckId> = {
  /** Stable id, e.g. `zkverify.merklePath`; tests and the certificate page key on it. */
  id: Id
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

/**
 * Every check of a prediction (feed request) certificate, in report order. The ids it shares with a
 * sale certificate run the same rule (statement, Merkle path, receipt, chain network and aggregation,
 * HCS message and running hash) on this certificate's fields.
 */
export const FEED_CHECKS = {
  'bundle.schema': 'The certificate is a well-formed veritree.inference-certificate/1',
  'journal.decode': 'The journal decodes strictly as a format-3 inference journal',
  'journal.fields':
    "The journal names this request, the feed's model, these inputs and count, and exactly these predictions",
  'zkverify.statement': 'The zkVerify statement recomputes from the image id and journal',
  'zkverify.merklePath': 'The Merkle path leads from the statement to the aggregation root',
  'receipt.sha256': 'The receipt matches its SHA-256',
  'receipt.verify': 'The RISC Zero receipt verifies against the image id and journal',
  'hcs.summary': 'The timestamped message is the summary of these facts, byte for byte',
  'chain.network': 'The RPC serves the settlement chain',
  'chain.aggregation':
    'The aggregation root is posted on-chain and verifyProofAggregation accepts the statement',
  'chain.feed':
    "The feed is the factory's feed for this sale and sells this model (the sale certificate proves its accuracy)",
  'chain.request':
    'The on-chain request is settled, for this buyer, these inputs and this count, under this image id',
  'chain.settlement':
    'The settle transaction carried this journal, these predictions and this aggregation proof, and emitted PredictionsSettled',
  'chain.predictions': 'The feed serves exactly these predictions to contracts (predictionsOf)',
  'hcs.message': 'The HCS mirror shows this message at this sequence number and time',
  'hcs.runningHash': 'The HCS running hash recomputes from the previous running hash',
} as const

export type FeedCheckId = keyof typeof FEED_CHECKS
/** One line of a prediction certificate's check report. */
export type FeedCheck = Check<FeedCheckId>

async function run<Id extends string>(
  make: (id: Id, status: Check['status'], detail: string) => Check<Id>,
  id: Id,
  body: () => Promise<string> | string,
): Promise<Check<Id>> {
  try {
    return make(id, 'pass', await body())
  } catch (error) {
    return make(id, 'fail', errorMessage(error))
  }
}

/** Builds a sale check result with its standard label. */
export function check(id: CheckId, status: Check['status'], detail: string): Check {
  return { id, label: CHECKS[id], status, detail }
}

/** Runs `body` as check `id`: its return value is the pass detail; a throw is a fail with the message. */
export function runCheck(id: CheckId, body: () => Promise<string> | string): Promise<Check> {
  return run(check, id, body)
}

/** Builds a prediction-certificate check result with its standard label. */
export function feedCheck(id: FeedCheckId, status: Check['status'], detail: string): FeedCheck {
  return { id, label: FEED_CHECKS[id], status, detail }
}

/** {@link runCheck} for a prediction certificate's checks. */
export function runFeedCheck(id: FeedCheckId, body: () => Promise<string> | string): Promise<FeedCheck> {
  return run(feedCheck, id, body)
}

/** Throws `message` unless `condition` holds (the fail detail of a check). */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}
