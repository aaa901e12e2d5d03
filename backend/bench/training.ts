/**
 * Training benchmark: the Rust trainer (`veritree-prover train`) next to scikit-learn's
 * DecisionTreeClassifier in the same run, on 1k, 10k, 100k and 1M synthetic rows × 20 features at
 * depth 8; ml-cart (the reference) where it finishes in reasonable time. Prints the figures and writes
 * backend/bench/TRAINING.md. Not a test: figures depend on the machine and its load.
 *
 * Usage (from the repo root):
 *   python3 -m venv ~/.cache/veritree/bench-venv && ~/.cache/veritree/bench-venv/bin/pip install scikit-learn
 *   bash scripts/build-zkvm.sh
 *   node backend/bench/training.ts
 * Env: BENCH_SIZES=1000,10000,100000,1000000  BENCH_CART_MAX_ROWS=1000  BENCH_PYTHON=…  VERITREE_PROVER_BIN=…
 *      BENCH_NOTE=… (a sentence added to the report, e.g. about the binary or the machine)
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, homedir, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { evaluate, type Table } from '@veritree/core/canonical'
import { createCsvReader, createTableBuilder, type TableSchema } from '@veritree/core/csv'
import { resolveProverBin } from '../src/prover/resolveProverBin.ts'
import { trainWithProver } from '../src/prover/train.ts'
import { trainModel } from '../src/training/train.ts'
import { syntheticCsv } from './synthetic.ts'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number)
const CART_MAX_ROWS = Number(process.env.BENCH_CART_MAX_ROWS ?? 1_000)
const PYTHON = process.env.BENCH_PYTHON ?? join(homedir(), '.cache/veritree/bench-venv/bin/python')
const FEATURES = 20
const TEST_ROWS = 10_000
// Depth 8, the privacy floor as scikit-learn's min_samples_leaf, no gain threshold (scikit-learn has none).
const PARAMS = { maxDepth: 8, minLeafSize: 5, gainThresholdPpm: 0 }

type Row = {
  rows: number
  rustMs: number
  rustWallMs: number
  rustPeakRss: number | null
  rustAccuracy: number
  rustNodes: number
  cartMs: number | null
  cartAccuracy: number | null
  cartSameBytes: boolean | null
  sklearnMs: number
  sklearnAccuracy: number
  sklearnNodes: number
}

const ms = (start: number) => Math.round(performance.now() - start)
const log = (m: string) => process.stderr.write(`[training-bench] ${m}\n`)

/** CSV text → canonical table, streamed in 1 MB pieces so 1M rows never become 20M record objects. */
function csvToTable(csv: string, schema?: TableSchema): { table: Table; schema: TableSchema } {
  const reader = createCsvReader()
  const builder = createTableBuilder({ labelColumn: 'label', ...(schema ? { schema } : {}) })
  const step = 1 << 20
  for (let at = 0; at < csv.length; at += step)
    for (const r of reader.push(csv.slice(at, at + step))) builder.add(r)
  for (const r of reader.end()) builder.add(r)
  return builder.finish()
}

const accuracy = (correct: number, total: number) => (100 * correct) / total

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-training-bench-'))
  const loadStart = loadavg()
  const rows: Row[] = []
  let sklearnVersion = '?'
  try {
    const testCsv = syntheticCsv(TEST_ROWS, FEATURES, 999)
    const testPath = join(dir, 'test.csv')
    writeFileSync(testPath, testCsv)
    for (const n of SIZES) {
      log(`${n} rows: generate`)
      const csv = syntheticCsv(n, FEATURES, n)
      const trainPath = join(dir, `train-${n}.csv`)
      writeFileSync(trainPath, csv)
      const { table, schema } = csvToTable(csv)
      const test = csvToTable(testCsv, schema).table
      const classes = schema.classes.length

      log(`${n} rows: Rust trainer`)
      let t = performance.now()
      const rust = await trainWithProver({ dataset: table, classes, params: PARAMS })
      const rustWallMs = ms(t)
      const rustEval = evaluate(rust.model, test)

      let cartMs: number | null = null
      let cartAccuracy: number | null = null
      let cartSameBytes: boolean | null = null
      if (n <= CART_MAX_ROWS) {
        log(`${n} rows: ml-cart`)
        t = performance.now()
        const cart = trainModel(table, classes, PARAMS)
        cartMs = ms(t)
        const e = evaluate(cart.model, test)
        cartAccuracy = accuracy(e.correct, e.total)
        cartSameBytes = cart.modelHash === rust.modelHash
      }

      log(`${n} rows: scikit-learn`)
      const out = execFileSync(
        PYTHON,
        [
          join(import.meta.dirname, 'sklearn_bench.py'),
          trainPath,
          testPath,
          String(PARAMS.maxDepth),
          String(PARAMS.minLeafSize),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      )
      const sk = JSON.parse(out) as { fitMs: number; accuracy: number; nodes: number; version: string }
      sklearnVersion = sk.version
      const row: Row = {
        rows: n,
        rustMs: rust.trainMs,
        rustWallMs,
        rustPeakRss: rust.peakRssBytes,
        rustAccuracy: accuracy(rustEval.correct, rustEval.total),
        rustNodes: countNodes(rust.modelBytes),
        cartMs,
        cartAccuracy,
        cartSameBytes,
        sklearnMs: Math.round(sk.fitMs * 10) / 10,
        sklearnAccuracy: sk.accuracy * 100,
        sklearnNodes: sk.nodes,
      }
      rows.push(row)
      console.log(JSON.stringify(row))
      rmSync(trainPath, { force: true })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  writeFileSync(new URL('./TRAINING.md', import.meta.url), report(rows, sklearnVersion, loadStart, loadavg()))
  log('wrote backend/bench/TRAINING.md')
}

/** Node count from the canonical model header (u32 LE at offset 0). */
function countNodes(modelBytes: Uint8Array): number {
  return new DataView(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength).getUint32(0, true)
}

const num = (v: number) => v.toLocaleString('en-US')
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

function report(rows: Row[], sklearnVersion: string, before: number[], after: number[]): string {
  const la = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ')
  const lines = [
    '# Training benchmark: the Rust trainer vs scikit-learn',
    '',
    `Generated by \`node backend/bench/training.ts\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Linux ${release()}, Node ${process.version}, scikit-learn ${sklearnVersion}. ` +
      `Load average at start ${la(before)}, at the end ${la(after)} (about 1 is this benchmark alone on an otherwise idle machine; more means other work shared the 2 cores, and the figures are indicative).`,
    '',
    `Data: \`bench/synthetic.ts\`, ${FEATURES} numeric features (six decimals), 3 classes from thresholds on three features, 10% label noise; test set ${num(TEST_ROWS)} rows from another seed.`,
    `Parameters: maxDepth ${PARAMS.maxDepth}, minLeafSize ${PARAMS.minLeafSize} (scikit-learn \`min_samples_leaf\`), gain threshold 0. Rust binary: \`${resolveProverBin()}\`.`,
    ...(process.env.BENCH_NOTE ? ['', process.env.BENCH_NOTE] : []),
    '',
    '- **Rust fit** is the time inside `veritree-prover train` (presort + growth + leaf floor); **wall** adds process start, piping the canonical bytes to its stdin and decoding its report (as previews and jobs do).',
    '- **scikit-learn fit** is `DecisionTreeClassifier.fit` on a float64 NumPy array (best split, no random feature subsets).',
    '- ml-cart, the reference the Rust trainer reproduces byte for byte, runs only up to ' +
      `${num(CART_MAX_ROWS)} rows (it is O(n²) per node; see RESULTS.md).`,
    '',
    '|      rows | Rust fit | Rust wall | Rust peak RSS | Rust accuracy | Rust nodes | scikit-learn fit | scikit-learn accuracy | scikit-learn nodes | Rust / scikit-learn | ml-cart | ml-cart accuracy | same bytes as ml-cart |',
    '| --------: | -------: | --------: | ------------: | ------------: | ---------: | ---------------: | --------------------: | -----------------: | ------------------: | ------: | ---------------: | :-------------------: |',
    ...rows.map(
      (r) =>
        `| ${num(r.rows)} | ${num(r.rustMs)} ms | ${num(r.rustWallMs)} ms | ${r.rustPeakRss === null ? '—' : `${Math.round(r.rustPeakRss / 2 ** 20)} MiB`} | ${pct(r.rustAccuracy)} | ${r.rustNodes} | ${num(r.sklearnMs)} ms | ${pct(r.sklearnAccuracy)} | ${r.sklearnNodes} | ${(r.rustMs / Math.max(r.sklearnMs, 0.1)).toFixed(2)}× | ${r.cartMs === null ? 'not run' : `${num(r.cartMs)} ms`} | ${pct(r.cartAccuracy)} | ${r.cartSameBytes === null ? '—' : r.cartSameBytes ? 'yes' : 'no'} |`,
    ),
    '',
    '## Reading the numbers',
    '',
    '- Both trainers run one after the other in the same process tree, so they see similar load; the ratio is more',
    '  trustworthy than either absolute time. Goal of issue 10: within 2× of scikit-learn at 100k and 1M rows.',
    '- The Rust trees are smaller than scikit-learn’s at the same depth because they follow ml-cart’s rules',
    '  (zkvm-guest/core/src/train/README.md): the best split is chosen before the leaf-size floor and undone if it',
    '  isolates fewer than minLeafSize rows, a child whose best gain equals its parent’s stays a leaf, and',
    '  same-class sibling leaves merge. Held-out accuracy stays within a point of scikit-learn’s.',
    '- Growth is O(features × rows × depth) after one sort per feature; the 1M-row wall time includes piping',
    '  about 160 MB of canonical dataset bytes to the trainer.',
    '',
  ]
  return `${lines.join('\n')}\n`
}

await main()
