import { datasetMarketAbi } from '@veritree/contracts/generated/DatasetMarket'
import type { JobTerms } from '@veritree/contracts/job-terms'
import { type Address, type Hex, type PublicClient, parseEventLogs, type WalletClient } from 'viem'

// Wallet-side calls to a dataset's market contract. Each is simulated first so a revert arrives as
// the contract's custom error (SlippageExceeded, NothingToWithdraw, …) before the wallet prompt.

/** Wei `account` can withdraw from `market` (earnings, fees or refunds). */
export async function readBalance(
  publicClient: PublicClient,
  market: Address,
  account: Address,
): Promise<bigint> {
  return publicClient.readContract({
    address: market,
    abi: datasetMarketAbi,
    functionName: 'balances',
    args: [account],
  })
}

/** Sends the caller's whole balance to them; resolves with the amount once mined. */
export async function withdraw(input: {
  walletClient: WalletClient
  publicClient: PublicClient
  market: Address
}): Promise<{ hash: Hex; amount: bigint }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request, result } = await input.publicClient.simulateContract({
    account,
    address: input.market,
    abi: datasetMarketAbi,
    functionName: 'withdraw',
  })
  const hash = await input.walletClient.writeContract(request)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`The withdrawal ${hash} was mined but reverted.`)
  return { hash, amount: result }
}

export type OpenJobInput = {
  walletClient: WalletClient
  publicClient: PublicClient
  market: Address
  /** The quote's terms, exactly as the preview returned them (the contract stores and later checks them). */
  terms: JobTerms
  /**
   * Slippage guard, and also what is sent: the contract escrows its current price and returns the
   * excess in the same transaction. Sending only the quoted price would make any price rise within
   * the slippage fail with InsufficientPayment.
   */
  maxPrice: bigint
  onSent?: (hash: Hex) => void
}

/**
 * Pays into escrow: `openJob(terms, maxPrice)` with `value = maxPrice`. The contract reverts
 * QuoteExpired once the block time passes `terms.quoteExpiresAt`.
 * Returns the job id from the JobOpened log of the mined receipt (the only trustworthy source).
 */
export async function openJob(input: OpenJobInput): Promise<{ hash: Hex; jobId: Hex }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.market,
    abi: datasetMarketAbi,
    functionName: 'openJob',
    args: [input.terms, input.maxPrice],
    value: input.maxPrice,
  })
  const hash = await input.walletClient.writeContract(request)
  input.onSent?.(hash)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new Error(`The payment ${hash} was mined but reverted; nothing was paid.`)
  const [opened] = parseEventLogs({
    abi: datasetMarketAbi,
    eventName: 'JobOpened',
    logs: receipt.logs,
  }).filter((log) => log.address.toLowerCase() === input.market.toLowerCase())
  if (!opened) throw new Error(`The payment ${hash} was mined but emitted no JobOpened event.`)
  return { hash, jobId: opened.args.jobId }
}

/** After the deadline, the customer takes back the escrow of a job nobody settled. */
export async function reclaim(input: {
  walletClient: WalletClient
  publicClient: PublicClient
  market: Address
  jobId: Hex
}): Promise<Hex> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const { request } = await input.publicClient.simulateContract({
    account,
    address: input.market,
    abi: datasetMarketAbi,
    functionName: 'reclaim',
    args: [input.jobId],
  })
  const hash = await input.walletClient.writeContract(request)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`The reclaim ${hash} was mined but reverted.`)
  return hash
}
