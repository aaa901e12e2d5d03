/** Consensus-time handling of ConsensusCreateTopic: validates keys and renewal, then creates the topic. */
import { proto } from '@hashgraph/proto'
import { initialRunningHash } from '@veritree/core/hcs'
import type { HandleContext } from './handleContext.ts'
import { decodeKey, encodeKey, isKeySatisfied, isUsableKey } from './keys.ts'
import { accountIdFromProto, toBigInt, topicIdToProto } from './protoValues.ts'
import { ensure } from './statusFailure.ts'

/** Hedera's accepted auto-renew period for topics, in seconds (about 81 to 93 days). */
export const MIN_AUTO_RENEW_PERIOD_S = 6_999_999n
export const MAX_AUTO_RENEW_PERIOD_S = 8_000_001n

/**
 * Creates a topic. Throws {@link StatusFailure} (recorded as the receipt status) on failure.
 * @returns the receipt fields of a successful creation
 */
export function handleCreateTopic(ctx: HandleContext): proto.ITransactionReceipt {
  const { tx, store } = ctx
  const op = tx.body.consensusCreateTopic ?? {}
  const signedBy = (key: proto.IKey) => isKeySatisfied(key, tx.bodyBytes, tx.sigPairs)

  if (op.adminKey) {
    ensure(isUsableKey(op.adminKey), proto.ResponseCodeEnum.INVALID_ADMIN_KEY)
    // Hedera requires the admin key's signature, so nobody names a key they do not hold.
    ensure(signedBy(op.adminKey), proto.ResponseCodeEnum.INVALID_SIGNATURE, 'admin key')
  }
  if (op.submitKey) ensure(isUsableKey(op.submitKey), proto.ResponseCodeEnum.INVALID_SUBMIT_KEY)

  const periodS = toBigInt(op.autoRenewPeriod?.seconds)
  ensure(
    periodS >= MIN_AUTO_RENEW_PERIOD_S && periodS <= MAX_AUTO_RENEW_PERIOD_S,
    proto.ResponseCodeEnum.AUTORENEW_DURATION_NOT_IN_RANGE,
  )

  let autoRenewAccount: bigint | null = null
  if (op.autoRenewAccount) {
    const account = accountIdFromProto(op.autoRenewAccount)
    const keyBytes =
      account.shard === 0n && account.realm === 0n ? store.getAccountKey(account.num) : undefined
    ensure(keyBytes, proto.ResponseCodeEnum.INVALID_AUTORENEW_ACCOUNT)
    ensure(signedBy(decodeKey(keyBytes)), proto.ResponseCodeEnum.INVALID_SIGNATURE, 'auto-renew account')
    autoRenewAccount = account.num
  }

  const num = store.takeEntityNum()
  store.insertTopic({
    num,
    memo: op.memo ?? '',
    adminKey: op.adminKey ? encodeKey(op.adminKey) : null,
    submitKey: op.submitKey ? encodeKey(op.submitKey) : null,
    autoRenewAccount,
    autoRenewPeriodSeconds: periodS,
    createdNs: ctx.consensusNs,
    sequenceNumber: 0n,
    runningHash: initialRunningHash(),
  })
  return { topicID: topicIdToProto({ shard: 0n, realm: 0n, num }) }
}
