import { BaseError, ContractFunctionRevertedError } from 'viem'

/**
 * The custom error a contract call reverted with (`DatasetMismatch`, …), decoded from the ABI the call
 * used; its 4-byte selector when the ABI does not name it; else the error's message. Test support.
 */
export function revertName(error: unknown): string {
  if (error instanceof BaseError) {
    const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError)
    if (reverted instanceof ContractFunctionRevertedError)
      return reverted.data?.errorName ?? reverted.signature ?? reverted.shortMessage
    return error.shortMessage
  }
  return String(error)
}
