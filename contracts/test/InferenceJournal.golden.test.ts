/**
 * The Solidity side of the format-3 golden vectors: InferenceJournal (the library InferenceFeed
 * settles with) decodes the journals in zkvm-guest/vectors/golden.json to the same fields the Rust
 * core and the TypeScript core give, reads the same predictions out of the canonical bytes, and
 * refuses the malformed journals the other two refuse.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { network } from 'hardhat'
import type { Hex } from 'viem'

type Golden = {
  inferenceJournals: {
    name: string
    journal: Hex
    requestId: Hex
    modelHash: Hex
    inputsHash: Hex
    count: number
    predictionsHash: Hex
    predictions: number[]
    predictionsHex: Hex
  }[]
  malformed: { inferenceJournals: { name: string; hex: Hex; code: string }[] }
}

const golden = JSON.parse(
  readFileSync(new URL('../../zkvm-guest/vectors/golden.json', import.meta.url), 'utf8'),
) as Golden
const { viem } = await network.create()

/** The library's revert for each core error code (JOURNAL_WORD: abi.decode's own revert). */
const REVERT: Record<string, RegExp> = {
  JOURNAL_LENGTH: /InferenceJournalLengthInvalid/,
  JOURNAL_FORMAT: /InferenceJournalFormatUnsupported/,
  JOURNAL_EMPTY: /InferenceJournalEmpty/,
  JOURNAL_WORD: /revert/i,
}

describe('InferenceJournal: golden format-3 vectors', () => {
  it('decodes every golden journal to the fields the Rust and TypeScript cores give', async () => {
    const harness = await viem.deployContract('InferenceJournalHarness')
    assert.ok(golden.inferenceJournals.length > 0)
    for (const v of golden.inferenceJournals) {
      const j = await harness.read.decode([v.journal])
      assert.deepEqual(
        j,
        {
          format: 3,
          requestId: v.requestId,
          modelHash: v.modelHash,
          inputsHash: v.inputsHash,
          count: v.count,
          predictionsHash: v.predictionsHash,
        },
        v.name,
      )
      const read = await Promise.all(
        v.predictions.map((_, i) => harness.read.predictionAt([v.predictionsHex, BigInt(i)])),
      )
      assert.deepEqual(read, v.predictions, `${v.name}: predictionAt`)
    }
  })

  it('refuses each malformed golden journal', async () => {
    const harness = await viem.deployContract('InferenceJournalHarness')
    const cases = golden.malformed.inferenceJournals
    assert.ok(cases.length > 0)
    for (const c of cases) {
      const revert = REVERT[c.code] ?? assert.fail(`no revert known for ${c.code}`)
      await assert.rejects(harness.read.decode([c.hex]), revert, `${c.name} (${c.code})`)
    }
  })
})
