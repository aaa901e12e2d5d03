import { type Curve, demoExponentialCurve, demoLinearCurve } from '@veritree/contracts/curves'
import { datasetFactoryAbi } from '@veritree/contracts/generated/DatasetFactory'
import type { Address, Hex, PublicClient } from 'viem'
import { signedInClient } from './apiClient.ts'
import type { DevWallet } from './clients.ts'
import { creditDataset, type DemoDataset, irisDataset } from './demoData.ts'

type UploadedDataset = { id: string; commitment: Hex; market: Address | null }

/**
 * Lists the two demo datasets the way a vendor would: sign in, upload the CSV, then create the market from
 * the vendor's own wallet and wait until the backend has linked it.
 */
export async function seedDemoData(options: {
  apiUrl: string
  origin: string
  chainId: number
  factory: Address
  publicClient: PublicClient
  vendors: [DevWallet, DevWallet]
  log: (message: string) => void
}): Promise<void> {
  // The iris vendor takes a 5 % royalty on predictions sold by feeds of models trained on its data (the
  // demo feed is one); the credit vendor takes none.
  const listings: [DemoDataset, Curve, DevWallet, number][] = [
    [irisDataset(), demoLinearCurve, options.vendors[0], 500],
    [creditDataset(), demoExponentialCurve, options.vendors[1], 0],
  ]
  for (const [dataset, curve, vendor, royaltyBps] of listings) {
    const api = await signedInClient({
      apiUrl: options.apiUrl,
      origin: options.origin,
      chainId: options.chainId,
      account: vendor.account,
    })
    const query = new URLSearchParams({
      name: dataset.name,
      labelColumn: dataset.labelColumn,
      description: dataset.description,
    })
    const { dataset: uploaded } = await api.post<{ dataset: UploadedDataset }>(
      `/datasets?${query}`,
      dataset.csv,
      'text/csv',
    )
    const hash = await vendor.writeContract({
      address: options.factory,
      abi: datasetFactoryAbi,
      functionName: 'createDatasetWithRoyalty',
      args: [uploaded.commitment, curve, `veritree:dataset:${uploaded.id}`, royaltyBps],
    })
    await options.publicClient.waitForTransactionReceipt({ hash })
    await waitFor(
      async () =>
        (await api.get<{ dataset: UploadedDataset }>(`/datasets/${uploaded.id}`)).dataset.market !== null,
      30_000,
    )
    options.log(`listed "${dataset.name}" (dataset ${uploaded.id}) for vendor ${vendor.account.address}`)
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for the backend to link the market`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}
