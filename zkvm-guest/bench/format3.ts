/**
 * Format-3 ("inference proof") measurements, from `veritree-prover execute|prove --mode 3`:
 *
 *   node zkvm-guest/bench/format3.ts            # cycles per predicted row: 1, 100 and 10,000 rows
 *   node zkvm-guest/bench/format3.ts --prove    # also real proofs of 1 and 100 rows (verified)
 *   node zkvm-guest/bench/format3.ts --prove --prove-rows 1,100,10000   # other batches to prove
 *
 * Rewrites the "Format 3" section of zkvm-guest/bench/RESULTS.md (between the format3 markers), with
 * the machine and load noted. Proving rows of batch sizes not proven in this run are kept, each with
 * the time it was measured. Run under the heavy lock:
 * `flock /tmp/veritree-heavy.lock node zkvm-guest/bench/format3.ts --prove`.
 *
 * Data: the seeded synthetic depth-8 tree (full binary, 511 nodes, 8 features) and seeded random rows
 * (backend/src/prover/syntheticFixture.ts), so every row walks 8 levels. Cycles are deterministic for
 * one image id; times depend on the machine's load.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeInputs, encodeModel } from '@veritree/core/canonical'
import { keccak256, stringToHex } from 'viem'
import { machineLine } from '../../backend/bench/machine.ts'
import { readSection, writeSection } from '../../backend/bench/resultsFile.ts'
import { executeInference, proveInference, verifyReceipt } from '../../backend/src/prover/index.ts'
import { syntheticModel, syntheticTable } from '../../backend/src/prover/syntheticFixture.ts'

const REQUEST = keccak256(stringToHex('veritree:format3-bench'))
const RESULTS = new URL('./RESULTS.md', import.meta.url).pathname
const SECTION = 'format3'
const modelBytes = encodeModel(syntheticModel(8, 1))
const inputs = (rows: number) => encodeInputs(syntheticTable(rows, 2))
const fmt = (n: number) => n.toLocaleString('en-US')

async function cycles() {
  const lines = [
    '### Cycles (execute --mode 3; depth 8, 511 nodes, 8 features)',
    '',
    '| rows | user cycles | paging cycles | total cycles | segments | user cycles per row | marginal per row (vs 1 row) | bound (cost.rs) | fits zkVerify |',
    '| ---- | ----------- | ------------- | ------------ | -------- | ------------------- | --------------------------- | --------------- | ------------- |',
  ]
  let one = 0
  for (const rows of [1, 100, 10_000]) {
    const r = await executeInference({ modelBytes, inputsBytes: inputs(rows), requestId: REQUEST })
    if (rows === 1) one = r.userCycles
    const marginal = rows === 1 ? '-' : fmt(Math.round((r.userCycles - one) / (rows - 1)))
    const line = `| ${fmt(rows)} | ${fmt(r.userCycles)} | ${fmt(r.pagingCycles)} | ${fmt(r.cycles)} | ${r.segments} | ${fmt(Math.round(r.userCycles / rows))} | ${marginal} | ${fmt(r.estimate.estimatedCycles)} | ${r.fitsZkVerify ? 'yes' : 'no'} |`
    if (r.estimate.estimatedCycles < r.userCycles)
      throw new Error(`the bound is below the measured cycles at ${rows} rows`)
    console.log(line)
    lines.push(line)
  }
  return lines
}

async function proving(prove: boolean) {
  const lines = [
    '### Proving time (prove --mode 3, real composite receipts, verified)',
    '',
    '| rows | user cycles | segments (po2) | proving s | wall s | receipt KiB | zkVerify ok | load start/end | measured (UTC) |',
    '| ---- | ----------- | -------------- | --------- | ------ | ----------- | ----------- | -------------- | -------------- |',
  ]
  const measured: string[] = []
  for (const rows of prove ? provingRows() : []) {
    const dir = await mkdtemp(join(tmpdir(), 'veritree-f3-'))
    const load = loadavg()[0]?.toFixed(1)
    try {
      const started = Date.now()
      const r = await proveInference({
        modelBytes,
        inputsBytes: inputs(rows),
        requestId: REQUEST,
        workDir: dir,
      })
      const wall = (Date.now() - started) / 1000
      await verifyReceipt({ receiptPath: r.receiptPath, imageId: r.imageId, journal: r.journal })
      const line = `| ${rows} | ${fmt(r.userCycles)} | ${r.segments} (${r.segmentPo2s.join(',')}) | ${(r.provingMs / 1000).toFixed(1)} | ${wall.toFixed(1)} | ${Math.round(r.receiptBytes / 1024)} | ${r.zkVerifyCompatible ? 'yes' : 'no'} | ${load}/${loadavg()[0]?.toFixed(1)} | ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} |`
      console.log(line)
      measured.push(line)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return [...lines, ...sortedByRows([...keptProvingRows(measured), ...measured])]
}

const batchOf = (tableRow: string): number | null => {
  const m = /^\| ([\d,]+) \|/.exec(tableRow)
  return m?.[1] ? Number(m[1].replaceAll(',', '')) : null
}
const sortedByRows = (rows: string[]) => rows.sort((a, b) => (batchOf(a) ?? 0) - (batchOf(b) ?? 0))

/** The proving rows already in RESULTS.md whose batch size this run did not prove. */
function keptProvingRows(measured: string[]): string[] {
  const reproved = new Set(measured.map(batchOf))
  const section = existsSync(RESULTS) ? (readSection(readFileSync(RESULTS, 'utf8'), SECTION) ?? '') : ''
  const table = section.split('### Proving time')[1] ?? ''
  return table.split('\n').filter((l) => batchOf(l) !== null && !reproved.has(batchOf(l)))
}

/** `--prove-rows 1,100,10000` picks the batches to prove (default 1 and 100; 10,000 takes minutes). */
function provingRows(): number[] {
  const i = process.argv.indexOf('--prove-rows')
  if (i < 0) return [1, 100]
  const rows = (process.argv[i + 1] ?? '').split(',').map(Number)
  if (!rows.length || rows.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error('--prove-rows takes a comma-separated list of row counts, e.g. 1,100,10000')
  return rows
}

const head = machineLine()
const lines = [
  '## Format 3 (predictions, inference feeds)',
  '',
  'Written by `node zkvm-guest/bench/format3.ts`.',
  '',
  `Machine: ${head}.`,
  '',
  ...(await cycles()),
  '',
  ...(await proving(process.argv.includes('--prove'))),
]
writeSection(RESULTS, SECTION, lines.join('\n'))
