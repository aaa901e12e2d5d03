/**
 * PLACEHOLDER until f2-guest's measured bound lands (it replaces this file with an import of its one
 * definition): user cycles the format-2 guest spends hashing the dataset and training the tree, beyond
 * what format 1 spends evaluating it. Deliberately pessimistic.
 */
export function format2TrainingCycles(shape: {
  rows: number
  features: number
  maxDepth: number
  datasetBytes: number
}): number {
  const hashing = Math.ceil((shape.datasetBytes / 64) * 80)
  const presort = shape.rows * shape.features * Math.ceil(Math.log2(Math.max(2, shape.rows))) * 40
  const sweep = shape.rows * shape.features * shape.maxDepth * 120
  return 50_000 + hashing + presort + sweep
}
