import type { Dataset, DatasetDetail, Preview } from '@veritree/core/api'
import { formatGainThreshold, type TrainingParams } from '@veritree/core/training'
import { apiFetch } from './client.ts'

/** What the vendor sends with the CSV. */
export type DatasetUpload = { csv: string; name: string; description: string; labelColumn: string }

/**
 * Uploads a vendor's CSV (signed-in session). The server validates it again, seals it and answers
 * with the dataset and its commitment, which the vendor's wallet then registers on chain.
 */
export async function uploadDataset(upload: DatasetUpload): Promise<Dataset> {
  const { dataset } = await apiFetch<{ dataset: Dataset }>('/datasets', {
    method: 'POST',
    csv: upload.csv,
    query: {
      name: upload.name,
      labelColumn: upload.labelColumn,
      description: upload.description || undefined,
    },
  })
  return dataset
}

/**
 * Polls a dataset until the backend has seen its DatasetCreated event and linked the market, or
 * gives up after `timeoutMs` with an error saying what to do.
 */
export async function waitForMarket(
  id: number,
  options: { timeoutMs?: number; intervalMs?: number; signal?: AbortSignal } = {},
): Promise<Dataset> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000)
  for (;;) {
    const { dataset } = await apiFetch<DatasetDetail>(`/datasets/${id}`, { signal: options.signal })
    if (dataset.market) return dataset
    if (Date.now() > deadline) {
      throw new Error(
        'The transaction is on chain but the server has not linked the market yet. Refresh this page in a minute.',
      )
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000))
  }
}

/**
 * Asks the server to train with these settings and score the customer's test set, before any
 * payment. The answer's quote id binds the later on-chain job to exactly this preview.
 */
export async function requestPreview(
  datasetId: number,
  csv: string,
  params: TrainingParams,
  thresholdBps: number,
): Promise<Preview> {
  return apiFetch<Preview>(`/datasets/${datasetId}/preview`, {
    method: 'POST',
    csv,
    query: {
      maxDepth: params.maxDepth,
      minLeafSize: params.minLeafSize,
      gainThreshold: formatGainThreshold(params.gainThresholdPpm),
      thresholdBps,
    },
  })
}
