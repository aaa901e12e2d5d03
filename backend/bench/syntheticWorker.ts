/**
 * Worker-thread entry for {@link syntheticCsvOffThread}: builds the CSV and hands its bytes back by
 * transfer (no copy).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { syntheticCsv } from './synthetic.ts'

const { rows, features, seed } = workerData as { rows: number; features: number; seed: number }
const bytes = new TextEncoder().encode(syntheticCsv(rows, features, seed))
parentPort?.postMessage(bytes, [bytes.buffer])
