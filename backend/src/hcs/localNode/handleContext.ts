import type { DecodedTransaction } from './decodeTransaction.ts'
import type { HcsStore } from './store.ts'

/** What a transaction handler sees: the checked transaction, its consensus time, the store. */
export type HandleContext = {
  tx: DecodedTransaction
  /** Consensus timestamp assigned to this transaction, nanoseconds since the epoch. */
  consensusNs: bigint
  store: HcsStore
}
