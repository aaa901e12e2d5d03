import assert from 'node:assert/strict'
import { accessSync, constants } from 'node:fs'
import { describe, it } from 'node:test'
import { encodeTable } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import { ZKVERIFY_RISC0_LIMITS } from '@veritree/core/zkverify'
import { syntheticCsv } from '../../bench/synthetic.ts'
import { execute, resolveProverBin } from '../prover/index.ts'
import { trainModel } from '../training/train.ts'
import {
  estimateCycles,
  estimateProvingSeconds,
  formatEstimates,
  MAX_PROVABLE_CYCLES,
  PROVING_SECONDS_PER_MEBICYCLE,
  provingEstimate,
  USABLE_SEGMENT_PO2,
  worstCaseTree,
} from './provingEstimate.ts'

/** User cycles the guest measured (zkvm-guest/README.md, "Performance"; synthetic data). */
const MEASURED = [
  { testRows: 1, depth: 4, nodes: 31, features: 8, userCycles: 10_704 },
  { testRows: 1, depth: 8, nodes: 511, features: 8, userCycles: 73_008 },
  { testRows: 30, depth: 4, nodes: 31, features: 8, userCycles: 14_768 },
  { testRows: 30, depth: 8, nodes: 511, features: 8, userCycles: 78_461 },
  { testRows: 300, depth: 8, nodes: 511, features: 8, userCycles: 132_437 },
  { testRows: 1000, depth: 8, nodes: 511, features: 8, userCycles: 273_037 },
  { testRows: 3000, depth: 4, nodes: 31, features: 8, userCycles: 466_474 },
  { testRows: 3000, depth: 8, nodes: 511, features: 8, userCycles: 674_056 },
  { testRows: 3000, depth: 16, nodes: 541, features: 8, userCycles: 461_977 },
  // Issue 11's big sale: 10,000 rows through a full depth-8 tree (3 segments of po2 20).
  { testRows: 10_000, depth: 8, nodes: 511, features: 8, userCycles: 2_077_097 },
  // A single leaf (depth 0) on 1,000 rows of 1, 8 and 64 features: the per-byte cost.
  { testRows: 1000, depth: 0, nodes: 1, features: 1, userCycles: 34_101 },
  { testRows: 1000, depth: 0, nodes: 1, features: 8, userCycles: 106_128 },
  { testRows: 1000, depth: 0, nodes: 1, features: 64, userCycles: 702_243 },
]

const proverBuilt = (() => {
  try {
    accessSync(resolveProverBin(), constants.X_OK)
    return true
  } catch {
    return false
  }
})()

describe('proving cycle estimate', () => {
  it('is never below a measured cycle count, and within 25 % of the full-depth ones', () => {
    for (const m of MEASURED) {
      const estimate = estimateCycles(m)
      assert.ok(estimate >= m.userCycles, `${JSON.stringify(m)}: estimate ${estimate}`)
      // Depth-16 trees are shallower than their bound; the others walk close to full depth.
      if (m.depth <= 8 && m.depth > 0)
        assert.ok(estimate <= m.userCycles * 1.25, `${JSON.stringify(m)}: estimate ${estimate}`)
    }
  })

  it('derives its ceiling from zkVerify limits and names a largest size that fits', () => {
    assert.equal(USABLE_SEGMENT_PO2, 20)
    assert.equal(MAX_PROVABLE_CYCLES, Math.floor(ZKVERIFY_RISC0_LIMITS.maxSegments * 2 ** 20 * 0.75))
    const params = { maxDepth: 8, minLeafSize: 5, gainThresholdPpm: 0 }
    const at = (testRows: number) => provingEstimate({ testRows, features: 8, params, datasetRows: 10_000 })
    const { maxRows } = at(1)
    assert.ok(maxRows > 10_000 && maxRows < 20_000, String(maxRows))
    assert.equal(at(maxRows).fits, true)
    assert.equal(at(maxRows + 1).fits, false)
    assert.equal(at(maxRows + 1).maxRows, maxRows, 'the answer does not depend on the refused size')
  })

  it('bounds the tree by the parameters and by the dataset (each leaf holds minLeafSize rows)', () => {
    assert.deepEqual(worstCaseTree({ maxDepth: 3, minLeafSize: 5, gainThresholdPpm: 0 }, 10_000), {
      nodes: 15,
      depth: 3,
    })
    assert.deepEqual(worstCaseTree({ maxDepth: 32, minLeafSize: 5, gainThresholdPpm: 0 }, 120), {
      nodes: 47,
      depth: 23,
    })
  })

  it('bounds the cycles `veritree-prover execute` measures on trained models', {
    skip: proverBuilt
      ? false
      : `the prover is not built at ${resolveProverBin()} (bash scripts/build-zkvm.sh)`,
  }, async () => {
    const train = toTable(parseCsv(syntheticCsv(800, 8, 1)), { labelColumn: 'label' })
    for (const [maxDepth, testRows] of [
      [4, 60],
      [8, 400],
    ] as const) {
      const params = { maxDepth, minLeafSize: 5, gainThresholdPpm: 0 }
      const { modelBytes } = trainModel(train.table, train.schema.classes.length, params)
      const test = toTable(parseCsv(syntheticCsv(testRows, 8, 2)), {
        labelColumn: 'label',
        schema: train.schema,
      })
      const result = await execute({
        modelBytes,
        testSetBytes: encodeTable(test.table),
        jobId: `0x${'ab'.repeat(32)}`,
        thresholdBps: 5000,
      })
      const { estimatedCycles } = provingEstimate({
        testRows,
        features: 8,
        params,
        datasetRows: train.table.rows,
      })
      assert.ok(
        result.userCycles <= estimatedCycles,
        `depth ${maxDepth}: ${result.userCycles} > ${estimatedCycles}`,
      )
    }
  })
})

describe('per-format estimates and proving time', () => {
  const params = { maxDepth: 4, minLeafSize: 5, gainThresholdPpm: 0 }
  const base = { testRows: 60, features: 4, params, datasetRows: 150, classes: 3 }

  it('format 1 is the accuracy estimate; format 2 adds training, so it costs more and fits less', () => {
    const [one, two] = formatEstimates(base)
    assert.equal(one?.journalFormat, 1)
    assert.equal(one?.estimatedCycles, provingEstimate(base).estimatedCycles)
    assert.equal(two?.journalFormat, 2)
    assert.ok((two?.estimatedCycles ?? 0) > (one?.estimatedCycles ?? 0))
    assert.equal(one?.fits, true)
    // A dataset big enough that training inside the proof cannot fit, while evaluation still does.
    const huge = formatEstimates({ ...base, datasetRows: 5_000_000 })
    assert.equal(huge[0]?.fits, true)
    assert.equal(huge[1]?.fits, false)
    assert.match(huge[1]?.reason ?? '', /choose format 1/)
  })

  it('proving time follows padded segments at the measured rate', () => {
    assert.equal(estimateProvingSeconds(1), Math.ceil((2 ** 16 / 2 ** 20) * PROVING_SECONDS_PER_MEBICYCLE))
    // Just over one full segment pads the rest to the smallest segment, not to a second full one.
    const full = 2 ** USABLE_SEGMENT_PO2 * 0.75
    assert.ok(estimateProvingSeconds(full + 10) < estimateProvingSeconds(full * 2))
    assert.ok(estimateProvingSeconds(full * 2) >= 2 * PROVING_SECONDS_PER_MEBICYCLE)
    for (const cycles of [1_000, 100_000, 1_000_000, 3_000_000])
      assert.ok(estimateProvingSeconds(cycles) <= estimateProvingSeconds(cycles * 2))
  })
})
