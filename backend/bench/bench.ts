/**
 * Backend benchmark: the upload → preview HTTP round trip on the real app (in-process server, real
 * chain, SQLite, the Rust trainer behind the training queue) for 1k, 10k, 100k and 1M synthetic rows.
 * The trainers themselves are compared in training.ts (TRAINING.md). Writes backend/bench/RESULTS.md.
 * Not a test: figures depend on the machine and its load.
 *
 * Usage (from the repo root, the prover built with `bash scripts/build-zkvm.sh`):
 *   node backend/bench/bench.ts
 * Env: BENCH_SIZES=1000,10000,100000,1000000  BENCH_FEATURES=20  BENCH_PREVIEW_BUDGET_MS=120000
 *      BENCH_MAX_UPLOAD_BYTES (default: the service's VERITREE_MAX_UPLOAD_BYTES default)
 *      BENCH_NOTE=… (a sentence added to the report, e.g. about other work on the machine)
 */
import { cpus, loadavg, release, totalmem } from 'node:os'
import { formatGainThreshold } from '@veritree/core/training'
import { DEFAULT_MAX_UPLOAD_BYTES } from '../src/config.ts'
import { startHarness } from '../src/testing/harness.ts'
import { signIn, testClient } from '../src/testing/http.ts'
import { writeGenerated } from './resultsFile.ts'
import { syntheticCsvOffThread } from './synthetic.ts'

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number)
const FEATURES = Number(process.env.BENCH_FEATURES ?? 20)
// The service's own preview budget (main.ts) unless overridden.
const PREVIEW_BUDGET_MS = Number(process.env.BENCH_PREVIEW_BUDGET_MS ?? 120_000)
const TEST_ROWS = 1000
const PARAMS = { maxDepth: 6, minLeafSize: 5, gainThresholdPpm: 10_000 }
const GAIN_THRESHOLD = formatGainThreshold(PARAMS.gainThresholdPpm)

type Row = {
  rows: number
  csvBytes: number
  uploadMs: number
  uploadNote: string
  previewMs: number | null
  previewNote: string
}

const ms = (start: number) => Math.round(performance.now() - start)
const log = (m: string) => process.stderr.write(`[bench] ${m}\n`)

async function main(): Promise<void> {
  const maxUploadBytes = Number(process.env.BENCH_MAX_UPLOAD_BYTES ?? DEFAULT_MAX_UPLOAD_BYTES)
  const loadStart = loadavg()
  const h = await startHarness({ overrides: { maxUploadBytes, trainTimeoutMs: PREVIEW_BUDGET_MS } })
  const results: Row[] = []
  try {
    // The client waits longer than the server's training budget, so a timeout is the server's answer.
    const vendor = testClient(h.baseUrl, { timeoutMs: PREVIEW_BUDGET_MS + 300_000 })
    const customer = testClient(h.baseUrl, { timeoutMs: PREVIEW_BUDGET_MS + 60_000 })
    await signIn(vendor, h.vendor, h.chain.chainId)
    await signIn(customer, h.customer, h.chain.chainId)
    const testCsv = await syntheticCsvOffThread(TEST_ROWS, FEATURES, 999)

    for (const rows of SIZES) {
      log(`${rows} rows: generate`)
      // Off the event loop the server shares with this client (see syntheticCsvOffThread).
      const csv = await syntheticCsvOffThread(rows, FEATURES, rows)
      const csvBytes = csv.length
      log(`${rows} rows: upload (${(csvBytes / 2 ** 20).toFixed(1)} MB)`)
      let t = performance.now()
      const upload = await vendor
        .request('POST', `/datasets?name=bench-${rows}&labelColumn=label`, { body: csv })
        // A server that answers before reading the whole body (413) may reset the connection.
        .catch((error: unknown) => ({
          status: 0,
          body: { error: { code: `connection error: ${(error as Error).cause ?? error}` } },
        }))
      const uploadMs = ms(t)
      if (upload.status !== 201) {
        results.push({
          rows,
          csvBytes,
          uploadMs,
          uploadNote: `${upload.status} ${upload.body.error?.code}`,
          previewMs: null,
          previewNote: 'not run',
        })
        log(JSON.stringify(results.at(-1)))
        continue
      }
      const id = upload.body.dataset.id

      log(`${rows} rows: preview`)
      t = performance.now()
      const preview = await customer.request(
        'POST',
        `/datasets/${id}/preview?maxDepth=${PARAMS.maxDepth}&minLeafSize=${PARAMS.minLeafSize}&gainThreshold=${GAIN_THRESHOLD}&thresholdBps=5000`,
        { body: testCsv },
      )
      const previewMs = ms(t)
      const ok = preview.status === 200
      results.push({
        rows,
        csvBytes,
        uploadMs,
        uploadNote: '201',
        previewMs: ok ? previewMs : null,
        previewNote: ok
          ? `accuracy ${preview.body.accuracy.lowBps / 100}–${preview.body.accuracy.highBps / 100}%`
          : `${preview.status} ${preview.body.error?.code} after ${previewMs} ms`,
      })
      log(JSON.stringify(results.at(-1)))
    }
  } finally {
    await h.close()
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024
  writeGenerated(
    new URL('./RESULTS.md', import.meta.url),
    report(results, { maxUploadBytes, loadStart, loadEnd: loadavg(), maxRssMb }),
  )
}

function report(
  results: Row[],
  run: { maxUploadBytes: number; loadStart: number[]; loadEnd: number[]; maxRssMb: number },
): string {
  const cpu = cpus()
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ')
  const lines = [
    '# Backend benchmark results: upload → preview over HTTP',
    '',
    `Generated by \`node backend/bench/bench.ts\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}. Load average at start ${load(run.loadStart)}, at the end ${load(run.loadEnd)}: the machine is shared with other work, so every figure is indicative.${process.env.BENCH_NOTE ? ` ${process.env.BENCH_NOTE}` : ''}`,
    '',
    `Data: synthetic (\`bench/synthetic.ts\`), ${FEATURES} numeric features (six decimals), 3 classes, 10% label noise; test set ${TEST_ROWS} rows from another seed.`,
    `Parameters: maxDepth ${PARAMS.maxDepth}, minLeafSize ${PARAMS.minLeafSize}, gain threshold ${GAIN_THRESHOLD}. Upload limit ${mb(run.maxUploadBytes)}; preview training budget ${PREVIEW_BUDGET_MS / 1000} s. Peak RSS of the benchmark process (server, client and data generation together; the trainer is a child process): ${run.maxRssMb.toFixed(0)} MB.`,
    '',
    '| rows | CSV size | upload (stream, validate, encode, commit, encrypt, store) | preview (decrypt, train in `veritree-prover`, evaluate, quote) | upload + preview |',
    '|---:|---:|---:|---:|---:|',
    ...results.map((r) => {
      const upload =
        r.uploadNote === '201' ? `${r.uploadMs} ms` : `**${r.uploadNote} after ${r.uploadMs} ms**`
      const preview = r.previewMs === null ? `**${r.previewNote}**` : `${r.previewMs} ms (${r.previewNote})`
      const total = r.previewMs === null ? '—' : `${((r.uploadMs + r.previewMs) / 1000).toFixed(1)} s`
      return `| ${r.rows.toLocaleString('en')} | ${mb(r.csvBytes)} | ${upload} | ${preview} | ${total} |`
    }),
    '',
  ]
  return `${lines.join('\n')}\n`
}

await main()
