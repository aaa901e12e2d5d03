import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))

describe('local HCS node CLI', () => {
  it('prints its endpoints as one JSON line, serves the mirror, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veritree-hcs-cli-'))
    const child = spawn(process.execPath, [cli, '--db', join(dir, 'hcs.sqlite'), '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('\n')) resolve(out.split('\n')[0])
        })
        child.on('exit', (code) => reject(new Error(`CLI exited early with ${code}`)))
      })
      const endpoints = JSON.parse(line) as Record<string, string>
      assert.match(endpoints.grpcEndpoint, /^127\.0\.0\.1:\d+$/)
      assert.equal(endpoints.nodeAccountId, '0.0.3')
      assert.equal(endpoints.operatorId, '0.0.2')
      assert.match(endpoints.operatorKey, /^302e020100300506032b657004220420[0-9a-f]{64}$/)
      const res = await fetch(`${endpoints.mirrorUrl}/api/v1/topics/0.0.1001/messages`)
      assert.equal(res.status, 404)

      const exitCode = new Promise<number | null>((resolve) => child.on('exit', resolve))
      child.kill('SIGTERM')
      assert.equal(await exitCode, 0)
    } finally {
      clearTimeout(killTimer)
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses to start without --db, with a usage line', async () => {
    const child = spawn(process.execPath, [cli], { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    assert.equal(code, 1)
    assert.match(err, /--db is required\nusage: cli\.ts --db/)
  })
})
