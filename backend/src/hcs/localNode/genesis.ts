/**
 * The local node's genesis state: one operator account whose ED25519 key is generated the
 * first time a database is opened and kept in it, so a restarted node accepts the same key.
 */
import { PrivateKey } from '@hashgraph/sdk'
import { encodeKey } from './keys.ts'
import type { HcsStore } from './store.ts'

/** Account number of the genesis operator, as on Hedera's own local networks. */
export const GENESIS_ACCOUNT_NUM = 2n
/** Account number of the (only) consensus node. */
export const NODE_ACCOUNT_NUM = 3n
/** First number handed to a created entity (topics), as on Hedera's local networks. */
export const FIRST_USER_ENTITY_NUM = 1001n

const GENESIS_KEY_META = 'genesis_operator_key_der'

export type GenesisOperator = { accountNum: bigint; privateKey: PrivateKey }

/**
 * Returns the genesis operator, creating it (and its account) in a fresh database.
 * @example const { privateKey } = ensureGenesis(store)
 */
export function ensureGenesis(store: HcsStore): GenesisOperator {
  return store.inTransaction(() => {
    const existing = store.getMeta(GENESIS_KEY_META)
    if (existing !== undefined) {
      return { accountNum: GENESIS_ACCOUNT_NUM, privateKey: PrivateKey.fromStringDer(existing) }
    }
    const privateKey = PrivateKey.generateED25519()
    store.setMeta(GENESIS_KEY_META, privateKey.toStringDer())
    store.putAccount(GENESIS_ACCOUNT_NUM, encodeKey({ ed25519: privateKey.publicKey.toBytesRaw() }))
    store.setMeta('next_entity_num', FIRST_USER_ENTITY_NUM.toString())
    store.setMeta('last_consensus_ns', '0')
    return { accountNum: GENESIS_ACCOUNT_NUM, privateKey }
  })
}
