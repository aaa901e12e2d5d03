import { VeritreeError } from '@veritree/core/errors'

/** Training took longer than its budget (the trainer process was killed). */
export class TrainingTimeoutError extends VeritreeError<'training_timeout'> {
  override readonly name = 'TrainingTimeoutError'
  constructor(message: string) {
    super('training_timeout', message)
  }
}

/** The dataset's sealed rows are not in the store: no retry can train on it. */
export class DatasetRowsMissingError extends VeritreeError<'dataset_rows_missing'> {
  override readonly name = 'DatasetRowsMissingError'
  constructor(datasetId: number) {
    super('dataset_rows_missing', `dataset ${datasetId} has no stored rows`, { details: { datasetId } })
  }
}
