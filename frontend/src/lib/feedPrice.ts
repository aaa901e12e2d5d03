import { maxUint128, parseEther } from 'viem'

/**
 * Reads the price per prediction a model owner types, in ETH, into wei for
 * `DatasetFactory.createFeed(market, jobId, pricePerPrediction)`: a positive decimal with at most 18
 * decimals that fits the contract's uint128 (the contract refuses 0 with ZeroPrice).
 *
 * @example
 * parsePricePerPrediction('0.001') // { wei: 1000000000000000n }
 * parsePricePerPrediction('0') // { error: 'The price must be more than 0.' }
 */
export function parsePricePerPrediction(text: string): { wei: bigint } | { error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: 'Enter a price per prediction, in ETH.' }
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === '.')
    return { error: `“${trimmed}” is not a price in ETH (write it like 0.001).` }
  const decimals = trimmed.split('.')[1] ?? ''
  if (decimals.length > 18) return { error: 'A price has at most 18 decimals (1 wei).' }
  const wei = parseEther(trimmed)
  if (wei === 0n) return { error: 'The price must be more than 0.' }
  if (wei > maxUint128) return { error: 'That price is too large for the contract.' }
  return { wei }
}
