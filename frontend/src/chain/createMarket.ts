import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import type { Address, Hex, PublicClient, WalletClient } from 'viem'
import type { CurveParams } from '../lib/curve.ts'

/**
 * Sends `DatasetFactory.createDataset(commitment, curve, metadataURI)` from the vendor's wallet and
 * waits for it to be mined. The call is simulated first, so a revert (duplicate commitment, bad
 * curve) is explained by its custom error before the wallet asks for a signature.
 *
 * @example
 * const { hash } = await createMarket({ walletClient, publicClient, factory, commitment, curve, metadataURI })
 */
export async function createMarket(input: {
  walletClient: WalletClient
  publicClient: PublicClient
  factory: Address
  commitment: Hex
  curve: CurveParams
  metadataURI: string
  onSent?: (hash: Hex) => void
}): Promise<{ hash: Hex; market: Address | null }> {
  const account = input.walletClient.account
  if (!account) throw new Error('Connect a wallet first.')
  const args = [input.commitment, input.curve, input.metadataURI] as const
  const { request, result } = await input.publicClient.simulateContract({
    account,
    address: input.factory,
    abi: datasetFactoryAbi,
    functionName: 'createDataset',
    args,
  })
  const hash = await input.walletClient.writeContract(request)
  input.onSent?.(hash)
  const receipt = await input.publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`The transaction ${hash} was mined but reverted.`)
  return { hash, market: result }
}
