import { Worker } from 'node:worker_threads'
import { seededRandom } from '@veritree/core/random'

/**
 * Deterministic synthetic classification data for the benchmark: `features` numeric columns with
 * six decimals, three classes decided by a few thresholds on the first features, 10% label noise.
 */
export function syntheticCsv(rows: number, features: number, seed: number): string {
  const rand = seededRandom(seed)
  const header = [...Array.from({ length: features }, (_, i) => `f${i}`), 'label'].join(',')
  const lines = [header]
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: Math.max(features, 3) }, () => rand() * 100 - 50)
    const [a = 0, b = 0, c = 0] = x
    let label = a + 0.5 * b > 10 ? 'high' : c < -20 ? 'low' : 'mid'
    if (rand() < 0.1) label = ['high', 'mid', 'low'][Math.floor(rand() * 3)] ?? 'mid'
    lines.push(
      `${x
        .slice(0, features)
        .map((v) => v.toFixed(6))
        .join(',')},${label}`,
    )
  }
  return `${lines.join('\n')}\n`
}

/**
 * {@link syntheticCsv} as UTF-8 bytes, built in a worker thread. The benchmark runs client and server in
 * one process: generating a million rows on the main thread blocks the shared event loop for several
 * seconds, past the server's 5 s keep-alive timeout, and the next request can then be written onto a
 * kept-alive socket in the same turn the server's overdue timer closes it (ECONNRESET). Bytes rather
 * than a string also spare fetch a synchronous ~0.4 s encoding of a 200 MB string on that loop.
 */
export function syntheticCsvOffThread(rows: number, features: number, seed: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./syntheticWorker.ts', import.meta.url), {
      workerData: { rows, features, seed },
    })
    worker.once('message', (bytes: Uint8Array) => resolve(bytes))
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`synthetic data worker exited with code ${code}`))
    })
  })
}
