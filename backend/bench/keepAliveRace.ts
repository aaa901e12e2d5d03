/**
 * Why the 1M-row upload was reset (RESULTS.md): a demonstration, not a test (it depends on Node's
 * keep-alive timer, not on Veritree code). Client and server share one event loop, as in bench.ts. After
 * a first request the socket is kept alive; the loop is then blocked past the server's keep-alive
 * timeout (keepAliveTimeout + keepAliveTimeoutBuffer, 5 s + 1 s by default), as syntheticCsv(1M) did on
 * the main thread, and the next request is written at once. The server's overdue timer runs before
 * the server reads it and destroys the socket with the request unread: ECONNRESET, and the server
 * never sees the request (so no request log line and no error details, as in the failed runs).
 *
 * Usage: node backend/bench/keepAliveRace.ts            → "client error: ECONNRESET … saw it: false"
 *        BLOCK_MS=500 node backend/bench/keepAliveRace.ts → the request is served
 */
import http from 'node:http'
import net from 'node:net'

const KEEP_ALIVE_MS = 1000
const blockMs = Number(process.env.BLOCK_MS ?? 3000)
const server = http.createServer((req, res) => {
  req.resume()
  req.on('end', () => res.end('ok'))
})
server.keepAliveTimeout = KEEP_ALIVE_MS
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
let serverSawPost = false
server.on('request', (req) => {
  if (req.method === 'POST') serverSawPost = true
})
const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1')
let answers = 0
socket.on('data', (data) => {
  answers += 1
  console.log('client got:', data.toString().split('\r\n')[0])
  if (answers > 1) return socket.end()
  const until = Date.now() + blockMs
  while (Date.now() < until) {} // the synchronous data generation on the shared loop
  const body = Buffer.alloc(1 << 20, 0x61)
  socket.write(`POST /datasets HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`)
  socket.write(body)
})
socket.on('error', (error: NodeJS.ErrnoException) => console.log('client error:', error.code))
socket.on('close', () => {
  console.log(
    `loop blocked ${blockMs} ms (server keep-alive ${server.keepAliveTimeout} ms + ${server.keepAliveTimeoutBuffer ?? 0} ms buffer); server saw the POST: ${serverSawPost}`,
  )
  server.close()
})
socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
