import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/** The AES-256 key for datasets at rest, with a short id stored beside each ciphertext. */
export type DataKey = { key: Buffer; id: string }

/**
 * Returns the data key: from `hex` (configuration) when given, else from `keyFile`, generating a new
 * random key there (mode 0600, owner only) on first use. Refuses a key file that others can read.
 *
 * @example
 * const dataKey = loadDataKey({ keyFile: '/var/lib/veritree/data.key' })
 */
export function loadDataKey(options: { hex?: string | undefined; keyFile: string }): DataKey {
  if (options.hex !== undefined) return fromHex(options.hex, 'VERITREE_DATA_KEY')
  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true, mode: 0o700 })
    // 'wx' fails if another process created the file meanwhile; then we read theirs below.
    try {
      writeFileSync(options.keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    chmodSync(options.keyFile, 0o600)
  }
  const mode = statSync(options.keyFile).mode & 0o777
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `data key file ${options.keyFile} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    )
  }
  return fromHex(readFileSync(options.keyFile, 'utf8').trim(), options.keyFile)
}

function fromHex(hex: string, source: string): DataKey {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex
  if (!/^[0-9a-fA-F]{64}$/.test(clean)) throw new Error(`${source}: the data key must be 32 bytes of hex`)
  const key = Buffer.from(clean, 'hex')
  // The id lets a future key rotation tell which key sealed a blob, without revealing the key.
  const id = createHash('sha256').update('veritree-data-key').update(key).digest('hex').slice(0, 16)
  return { key, id }
}
