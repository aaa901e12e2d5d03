// Worker-thread entry: trains off the main thread so HTTP requests keep being served meanwhile.
import { parentPort } from 'node:worker_threads'
import { type TrainAndEvaluateInput, trainAndEvaluate } from './evaluate.ts'

if (!parentPort) throw new Error('training/worker.ts must run as a worker thread')
const port = parentPort
port.once('message', (input: TrainAndEvaluateInput) => {
  try {
    port.postMessage({ ok: true, result: trainAndEvaluate(input) })
  } catch (error) {
    port.postMessage({ ok: false, message: (error as Error).message })
  }
})
