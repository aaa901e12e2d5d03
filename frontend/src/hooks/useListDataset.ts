import { useQueryClient } from '@tanstack/react-query'
import type { Dataset } from '@veritree/core/api'
import { useCallback, useState } from 'react'
import type { Hex } from 'viem'
import { type DatasetUpload, uploadDataset, waitForMarket } from '../api/datasets.ts'
import { keys } from '../api/queries.ts'
import { createMarket } from '../chain/createMarket.ts'
import type { CurveParams } from '../lib/curve.ts'
import { describeWalletError } from '../lib/walletErrors.ts'
import { useMarketChain } from './useMarketChain.ts'
import { useWalletClient } from './useWalletClient.ts'

export type ListingStep = 'idle' | 'uploading' | 'signing' | 'confirming' | 'linking' | 'done'

export type ListingState = {
  step: ListingStep
  /** The uploaded dataset, kept so a rejected transaction can be retried without uploading again. */
  dataset: Dataset | null
  txHash: Hex | null
  error: string | null
}

const IDLE: ListingState = { step: 'idle', dataset: null, txHash: null, error: null }

/**
 * Lists a dataset in three steps: upload the CSV, send createDataset from the wallet, wait until the
 * server links the market. A failure stops at its step; `list` called again resumes from there.
 */
export function useListDataset() {
  const [state, setState] = useState<ListingState>(IDLE)
  const walletClient = useWalletClient()
  const market = useMarketChain().data
  const queryClient = useQueryClient()

  const list = useCallback(
    async (upload: DatasetUpload, curve: CurveParams) => {
      if (!walletClient || !market?.publicClient) {
        setState((s) => ({ ...s, error: 'Connect your wallet to the marketplace network first.' }))
        return
      }
      const factory = market.health.factory
      if (!factory) {
        setState((s) => ({
          ...s,
          error: 'The server has no DatasetFactory address configured; markets cannot be created.',
        }))
        return
      }
      let dataset = state.dataset
      try {
        if (!dataset) {
          setState({ ...IDLE, step: 'uploading' })
          dataset = await uploadDataset(upload)
          void queryClient.invalidateQueries({ queryKey: keys.datasets })
        }
        setState({ step: 'signing', dataset, txHash: null, error: null })
        const uploaded = dataset
        await createMarket({
          walletClient,
          publicClient: market.publicClient,
          factory,
          commitment: uploaded.commitment,
          curve,
          metadataURI: `${window.location.origin}/api/datasets/${uploaded.id}`,
          onSent: (hash) => setState({ step: 'confirming', dataset: uploaded, txHash: hash, error: null }),
        })
        setState((s) => ({ ...s, step: 'linking' }))
        const linked = await waitForMarket(uploaded.id)
        setState((s) => ({ ...s, step: 'done', dataset: linked }))
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: keys.datasets }),
          queryClient.invalidateQueries({ queryKey: keys.vendorDatasets }),
        ])
      } catch (cause) {
        setState((s) => ({ ...s, step: 'idle', dataset, error: describeWalletError(cause) }))
      }
    },
    [walletClient, market, queryClient, state.dataset],
  )

  const reset = useCallback(() => setState(IDLE), [])
  return { state, list, reset }
}
