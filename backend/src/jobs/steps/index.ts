import type { ActiveJobState } from '../../db/index.ts'
import type { Step } from '../deps.ts'
import { attestStep } from './attest.ts'
import { openStep } from './open.ts'
import { proveStep } from './prove.ts'
import { refundStep } from './refund.ts'
import { settleStep } from './settle.ts'
import { trainStep } from './train.ts'
import { verifyStep } from './verify.ts'

/** The work done in each non-terminal state; each returns the next state. */
export const STEPS: Record<ActiveJobState, Step> = {
  opened: openStep,
  training: trainStep,
  proving: proveStep,
  verifying: verifyStep,
  settling: settleStep,
  attesting: attestStep,
  refunding: refundStep,
}
