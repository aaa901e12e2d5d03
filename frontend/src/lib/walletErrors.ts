import {
  BaseError,
  ContractFunctionRevertedError,
  InsufficientFundsError,
  UserRejectedRequestError,
} from 'viem'

/** EIP-1193 code for "the user rejected the request". */
const USER_REJECTED = 4001
/** EIP-1193 code for "the wallet is not connected to the requested chain". */
const CHAIN_DISCONNECTED = 4901

/** True when the user said no in their wallet (a normal outcome, not a failure). */
export function isUserRejection(cause: unknown): boolean {
  if (cause instanceof BaseError) {
    return (
      cause.walk(
        (e) => e instanceof UserRejectedRequestError || (e as { code?: number }).code === USER_REJECTED,
      ) !== null
    )
  }
  return (cause as { code?: number } | null)?.code === USER_REJECTED
}

/**
 * Turns a wallet or contract error into one sentence for the user: a rejection, a revert with its
 * custom error name and arguments, missing funds, or the error's own short message.
 *
 * @example
 * describeWalletError({ code: 4001, message: 'User rejected' }) // 'You rejected the request in your wallet.'
 */
export function describeWalletError(cause: unknown): string {
  if (isUserRejection(cause)) return 'You rejected the request in your wallet.'
  if (cause instanceof BaseError) {
    const revert = cause.walk((e) => e instanceof ContractFunctionRevertedError)
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName
      if (name) {
        const args = (revert.data?.args ?? []).map((a) => String(a)).join(', ')
        return `The contract refused: ${name}(${args}).`
      }
      if (revert.reason) return `The contract refused: ${revert.reason}.`
    }
    if (cause.walk((e) => e instanceof InsufficientFundsError)) {
      return 'Your account does not have enough funds for this transaction and its gas.'
    }
    return cause.shortMessage
  }
  const code = (cause as { code?: number } | null)?.code
  if (code === CHAIN_DISCONNECTED) return 'Your wallet is not connected to this network.'
  if (cause instanceof Error) return cause.message
  const message = (cause as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : 'The wallet reported an unknown error.'
}
