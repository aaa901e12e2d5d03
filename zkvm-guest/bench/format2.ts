/**
 * Format-2 ("proof of training") measurements, from `veritree-prover execute|prove --mode 2`:
 *
 *   node zkvm-guest/bench/format2.ts --calibrate   # cycle grid; checks the bound of core/src/cost.rs
 *   node zkvm-guest/bench/format2.ts --fit         # largest dataset that fits zkVerify, depths 4/6/8
 *   node zkvm-guest/bench/format2.ts --credit      # the demo credit set's cycles at depths 1-6
 *   node zkvm-guest/bench/format2.ts --prove [--credit-depth N]   # real proofs: iris (and the credit set)
 *
 * Each run prints its table and rewrites its own part of the "Format 2" section of
 * zkvm-guest/bench/RESULTS.md (between the format2 markers), with the machine and load noted.
 * Run under the heavy lock: `flock /tmp/veritree-heavy.lock node zkvm-guest/bench/format2.ts ...`.
 * Then `npx biome format --write zkvm-guest/bench/RESULTS.md` aligns the tables (biome checks .md).
 *
 * Data: seeded synthetic tables with random integer values and random labels over 3 classes, trained
 * with minLeafSize 1 and gain threshold 0, so trees grow to the full depth (the worst case per level);
 * "alternating" tables have a label change between every two neighbouring values (the most scored
 * candidates). Cycles are deterministic; times depend on the machine's load.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeTable, type Table, trainingCyclesBound, trainingFits } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import { seededRandom } from '@veritree/core/random'
import type { TrainingParams } from '@veritree/core/training'
import { keccak256, stringToHex } from 'viem'
import { machineLine } from '../../backend/bench/machine.ts'
import { spliceSection } from '../../backend/bench/resultsFile.ts'
import { executeTraining, proveTraining, verifyReceipt } from '../../backend/src/prover/index.ts'
import { irisTable, irisTestSet } from '../../backend/src/prover/irisFixture.ts'
import { creditDataset } from '../../scripts/devnet/demoData.ts'

const JOB = keccak256(stringToHex('veritree:format2-bench'))
const RESULTS = new URL('./RESULTS.md', import.meta.url).pathname
const grow = (maxDepth: number): TrainingParams => ({ maxDepth, minLeafSize: 1, gainThresholdPpm: 0 })

/** `rows × features` random values in [-10^6, 10^6], labels random over 3 classes (or alternating by value). */
export function benchTable(rows: number, features: number, seed: number, alternating = false): Table {
  const r = seededRandom(seed)
  const values = new BigInt64Array(rows * features)
  for (let i = 0; i < values.length; i++) values[i] = BigInt(Math.floor(r() * 2_000_001) - 1_000_000)
  const labels = new Uint16Array(rows)
  for (let i = 0; i < rows; i++) labels[i] = Math.floor(r() * 3)
  if (alternating) {
    // Feature f of row i is i (all features sorted alike), labels alternate 0/1/2 along it.
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < features; f++) values[i * features + f] = BigInt(i * (f + 1))
      labels[i] = i % 3
    }
  }
  return { rows, features, values, labels }
}

type Measured = {
  rows: number
  features: number
  depth: number
  kind: string
  userCycles: number
  pagingCycles: number
  cycles: number
  segments: number
  estimate: number
  fits: boolean
}

async function measure(
  dataset: Table,
  testSet: Table,
  params: TrainingParams,
  kind: string,
): Promise<Measured> {
  const r = await executeTraining({
    datasetBytes: encodeTable(dataset),
    params,
    testSetBytes: encodeTable(testSet),
    jobId: JOB,
    thresholdBps: 0,
  })
  return {
    rows: dataset.rows,
    features: dataset.features,
    depth: params.maxDepth,
    kind,
    userCycles: r.userCycles,
    pagingCycles: r.pagingCycles,
    cycles: r.cycles,
    segments: r.segments,
    estimate: r.estimate.estimatedCycles,
    fits: r.fitsZkVerify,
  }
}

const fmt = (n: number) => n.toLocaleString('en-US')

/** Replaces this script's `<!-- format2:NAME -->` section (adding the format-2 heading if missing). */
function writeFormat2Section(name: string, lines: string[]) {
  let text = readFileSync(RESULTS, 'utf8')
  if (!text.includes('<!-- format2 -->'))
    text += `\n<!-- format2 -->\n## Format 2 (training inside the proof)\n\nWritten by \`node zkvm-guest/bench/format2.ts\` (its own section; bench.ts rewrites the rest of this file).\n`
  writeFileSync(RESULTS, spliceSection(text, `format2:${name}`, lines.join('\n')))
}

/**
 * `--calibrate-from LOG` re-renders the table from the JSON lines an earlier `--calibrate` printed
 * (cycle counts are deterministic for one image id) with the bound recomputed by the current
 * `trainingCyclesBound`, for when the constants changed after measuring.
 */
async function calibrate(fromLog?: string) {
  const head = fromLog
    ? `cycles replayed from ${fromLog} (same guest image), bound recomputed`
    : machineLine()
  const rows: Measured[] = []
  const testSet = (features: number) => benchTable(30, features, 99)
  if (fromLog) {
    for (const line of readFileSync(fromLog, 'utf8').split('\n')) {
      if (!line.startsWith('{')) continue
      const m = JSON.parse(line) as Measured
      const shape = {
        datasetRows: m.rows,
        features: m.features,
        classes: 3,
        maxDepth: m.depth,
        minLeafSize: 1,
      }
      rows.push({ ...m, estimate: Number(trainingCyclesBound({ ...shape, testRows: 30 })) })
    }
  } else
    for (const kind of ['random', 'alternating'])
      for (const n of [50, 200, 800])
        for (const f of [2, 4, 8])
          for (const depth of [1, 2, 4, 8]) {
            const table = benchTable(n, f, n * 31 + f, kind === 'alternating')
            const m = await measure(table, testSet(f), grow(depth), kind)
            rows.push(m)
            console.log(JSON.stringify(m))
          }
  // Cycles per (row × feature × level): the slope between depth 4 and depth 8 (small sets stop growing early).
  const slopes = rows
    .filter((m) => m.depth === 8)
    .map((m8) => {
      const m4 = rows.find(
        (m) => m.kind === m8.kind && m.depth === 4 && m.rows === m8.rows && m.features === m8.features,
      )
      return {
        ...m8,
        perCellLevel: m4 ? (m8.userCycles - m4.userCycles) / (m8.rows * m8.features * 4) : Number.NaN,
      }
    })
  const below = rows.filter((m) => m.userCycles > m.estimate)
  const lines = [
    '### Cycles (execute --mode 2)',
    '',
    `Machine: ${head}. Test set: 30 rows. Parameters: minLeafSize 1, gain threshold 0 (full growth).`,
    '',
    '| labels | rows | features | maxDepth | user cycles | paging cycles | segments | bound (cost.rs) | bound / user |',
    '| ------ | ---- | -------- | -------- | ----------- | ------------- | -------- | --------------- | ------------ |',
    ...rows.map(
      (m) =>
        `| ${m.kind} | ${m.rows} | ${m.features} | ${m.depth} | ${fmt(m.userCycles)} | ${fmt(m.pagingCycles)} | ${m.segments} | ${fmt(m.estimate)} | ${(m.estimate / m.userCycles).toFixed(2)} |`,
    ),
    '',
    'Cycles per (row × feature × level), the slope from maxDepth 4 to 8 (50-row sets stop growing before depth 8):',
    '',
    '| labels | rows | features | cycles per row × feature × level |',
    '| ------ | ---- | -------- | -------------------------------- |',
    ...slopes.map((s) => `| ${s.kind} | ${s.rows} | ${s.features} | ${s.perCellLevel.toFixed(1)} |`),
    '',
    below.length === 0
      ? `The bound is at or above every measured count (${rows.length} runs).`
      : `**The bound is BELOW ${below.length} measured counts**: ${below.map((m) => `${m.kind} ${m.rows}x${m.features} d${m.depth}`).join(', ')}.`,
  ]
  writeFormat2Section('calibrate', lines)
  console.log(lines.join('\n'))
  if (below.length > 0) process.exitCode = 1
}

/** The most rows (random labels, full growth, 100-row test set) whose execution fits zkVerify. */
async function fit() {
  const head = machineLine()
  const lines = [
    '### Largest dataset whose format-2 receipt fits zkVerify',
    '',
    `Machine: ${head}. Random labels over 3 classes, minLeafSize 1, gain threshold 0 (trees grow to`,
    'maxDepth: the worst case), 100-row test set. "fits" = the executed session fits (<= 4 segments of',
    'po2 20); "guaranteed" = the most rows whose cycle bound (cost.rs) is within the limit.',
    '',
    '| maxDepth | features | most rows that fit | rows × features | guaranteed by the bound |',
    '| -------- | -------- | ------------------ | --------------- | ----------------------- |',
  ]
  for (const depth of [4, 6, 8])
    for (const f of [4, 8, 16]) {
      const testSet = benchTable(100, f, 7)
      const run = (n: number) => measure(benchTable(n, f, 1000 + n), testSet, grow(depth), 'random')
      let [lo, hi] = [16, 16]
      while ((await run(hi)).fits) [lo, hi] = [hi, hi * 2]
      while (hi - lo > Math.max(8, lo / 50)) {
        const mid = Math.floor((lo + hi) / 2)
        if ((await run(mid)).fits) lo = mid
        else hi = mid
      }
      // What `prove` accepts before executing: the bound alone (trainingCyclesBound, no execution).
      const shape = (n: number) => ({
        datasetRows: n,
        features: f,
        classes: 3,
        maxDepth: depth,
        minLeafSize: 1,
        testRows: 100,
      })
      let [alo, ahi] = [1, hi * 2]
      while (ahi - alo > 1) {
        const mid = Math.floor((alo + ahi) / 2)
        if (trainingFits(shape(mid))) alo = mid
        else ahi = mid
      }
      const line = `| ${depth} | ${f} | ${fmt(lo)} | ${fmt(lo * f)} | ${fmt(alo)} |`
      console.log(line)
      lines.push(line)
    }
  writeFormat2Section('fit', lines)
}

async function proveCase(name: string, dataset: Table, testSet: Table, params: TrainingParams) {
  const dir = await mkdtemp(join(tmpdir(), 'veritree-f2-'))
  const load = loadavg()[0]?.toFixed(1)
  try {
    const started = Date.now()
    const r = await proveTraining({
      datasetBytes: encodeTable(dataset),
      params,
      testSetBytes: encodeTable(testSet),
      jobId: JOB,
      thresholdBps: 0,
      workDir: dir,
    })
    const wall = (Date.now() - started) / 1000
    await verifyReceipt({ receiptPath: r.receiptPath, imageId: r.imageId, journal: r.journal })
    return `| ${name} | ${dataset.rows} × ${dataset.features} | ${params.maxDepth} | ${testSet.rows} | ${fmt(r.userCycles)} | ${r.segments} (${r.segmentPo2s.join(',')}) | ${(r.provingMs / 1000).toFixed(1)} | ${wall.toFixed(1)} | ${Math.round(r.receiptBytes / 1024)} | ${r.zkVerifyCompatible ? 'yes' : 'no'} | ${load}/${loadavg()[0]?.toFixed(1)} |`
  } catch (e) {
    return `| ${name} | ${dataset.rows} × ${dataset.features} | ${params.maxDepth} | ${testSet.rows} | not proven: ${(e as Error).message.split('\n')[0]} | | | | | | |`
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function creditTables(): { credit: Table; creditTest: Table } {
  const credit = toTable(parseCsv(creditDataset().csv), { labelColumn: 'decision' }).table
  const rows = 60
  const creditTest: Table = {
    rows,
    features: credit.features,
    values: credit.values.slice(0, rows * credit.features),
    labels: credit.labels.slice(0, rows),
  }
  return { credit, creditTest }
}

const demoParams = (maxDepth: number): TrainingParams => ({
  maxDepth,
  minLeafSize: 5,
  gainThresholdPpm: 10_000,
})

/** The demo credit set (scripts/devnet/demoData.ts, 600 rows × 5) at each depth: cycles and fit, no proving. */
async function creditCycles() {
  const head = machineLine()
  const { credit, creditTest } = creditTables()
  const lines = [
    '### The demo credit set (execute --mode 2)',
    '',
    `Machine: ${head}. ${credit.rows} rows × ${credit.features} features, 60-row test set, minLeafSize 5, gain 0.01.`,
    '',
    '| maxDepth | user cycles | paging cycles | segments | fits zkVerify | bound (cost.rs) | guaranteed by the bound |',
    '| -------- | ----------- | ------------- | -------- | ------------- | --------------- | ----------------------- |',
  ]
  for (const depth of [1, 2, 3, 4, 5, 6]) {
    const m = await measure(credit, creditTest, demoParams(depth), 'credit')
    const line = `| ${depth} | ${fmt(m.userCycles)} | ${fmt(m.pagingCycles)} | ${m.segments} | ${m.fits ? 'yes' : 'no'} | ${fmt(m.estimate)} | ${m.estimate <= 3_145_728 ? 'yes' : 'no'} |`
    console.log(line)
    lines.push(line)
  }
  writeFormat2Section('credit', lines)
}

async function proveAll(argv: string[]) {
  const head = machineLine()
  const lines = [
    '### Proving time (prove --mode 2, real composite receipts, verified)',
    '',
    `Machine: ${head}. minLeafSize 5, gain threshold 0.01. load = 1-minute load average at start/end.`,
    '',
    '| dataset | rows × features | maxDepth | test rows | user cycles | segments (po2) | proving s | wall s | receipt KiB | zkVerify ok | load |',
    '| ------- | --------------- | -------- | --------- | ----------- | -------------- | --------- | ------ | ----------- | ----------- | ---- |',
  ]
  const cases: [string, Table, Table, TrainingParams][] = [
    ['iris', irisTable(150, 1), irisTestSet(), demoParams(3)],
  ]
  const i = argv.indexOf('--credit-depth')
  if (i >= 0) {
    const { credit, creditTest } = creditTables()
    cases.push(['credit (demo)', credit, creditTest, demoParams(Number(argv[i + 1]))])
  }
  for (const [name, d, t, p] of cases) {
    const line = await proveCase(name, d, t, p)
    console.log(line)
    lines.push(line)
  }
  writeFormat2Section('prove', lines)
}

const argv = process.argv.slice(2)
if (argv.includes('--calibrate')) await calibrate()
if (argv.includes('--calibrate-from')) await calibrate(argv[argv.indexOf('--calibrate-from') + 1])
if (argv.includes('--fit')) await fit()
if (argv.includes('--credit')) await creditCycles()
if (argv.includes('--prove')) await proveAll(argv)
if (!['--calibrate', '--calibrate-from', '--fit', '--credit', '--prove'].some((a) => argv.includes(a)))
  console.error(
    'usage: node zkvm-guest/bench/format2.ts --calibrate | --fit | --credit | --prove [--credit-depth N]',
  )
