import { useMutation } from '@tanstack/react-query'
import type { Preview } from '@veritree/core/api'
import { VeritreeError } from '@veritree/core/errors'
import type { TrainingParams } from '@veritree/core/training'
import type { Hex } from 'viem'
import { requestPreview } from '../api/datasets.ts'

export type PreviewInput = {
  datasetId: number
  csv: string
  params: TrainingParams
  thresholdBps: number
  testSetHash: Hex
}

/** Error thrown when the server's hash of the test set differs from the browser's. */
export class TestSetHashMismatchError extends VeritreeError<'test_set_hash_mismatch'> {
  override readonly name = 'TestSetHashMismatchError'
  constructor(browser: Hex, server: Hex) {
    super(
      'test_set_hash_mismatch',
      `The server hashed your test set to ${server}, but this browser computed ${browser}. Paying would commit to a test set you did not send, so payment is blocked.`,
      { details: { browser, server } },
    )
  }
}

/**
 * Trains and scores the customer's test set on the server, then checks the server's test-set hash
 * against the one computed in this browser.
 */
export function usePreview() {
  return useMutation({
    mutationFn: async (input: PreviewInput): Promise<Preview> => {
      const preview = await requestPreview(input.datasetId, input.csv, input.params, input.thresholdBps)
      if (preview.testSetHash.toLowerCase() !== input.testSetHash.toLowerCase())
        throw new TestSetHashMismatchError(input.testSetHash, preview.testSetHash)
      return preview
    },
  })
}
