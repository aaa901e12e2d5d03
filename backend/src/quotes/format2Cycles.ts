/**
 * PLACEHOLDER until f2-guest's `trainingCycles.ts` (the twin of zkvm-guest/core/src/cost.rs) lands;
 * then this file is deleted and the one definition imported.
 */
export function trainingCyclesBound(s: {
  datasetRows: number
  features: number
  classes: number
  maxDepth: number
  minLeafSize: number
  testRows: number
}): number {
  const cells = s.datasetRows * s.features
  const levels = Math.min(s.maxDepth, Math.max(0, s.datasetRows - 1))
  const scored = Math.min(2 ** levels - 1, levels * Math.floor(s.datasetRows / Math.max(2, 2 * s.minLeafSize)))
  const log = Math.ceil(Math.log2(Math.max(1, s.datasetRows)))
  return (
    20_000 +
    2 * (8 + s.datasetRows * (s.features * 8 + 2)) +
    20 * cells +
    20 * cells * log +
    40 * cells * levels +
    scored * s.features * (100 + 10 * s.classes) +
    100 * (2 * scored + 1) +
    s.testRows * (40 + 2 * (s.features * 8 + 2) + 35 * levels)
  )
}
