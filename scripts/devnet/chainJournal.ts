import { appendFileSync, existsSync, readFileSync } from 'node:fs'

/**
 * One block-producing request, as it was sent to the local chain. Replaying every entry in order, each at
 * its recorded block timestamp, rebuilds the chain exactly: same blocks, same addresses, same tx hashes.
 */
export type JournalEntry = {
  method: string
  params: unknown[]
  /** Block number and timestamp of the last block this request produced. */
  block: number
  timestamp: number
  /** The request failed although it mined a block (a reverted transaction): replay expects the same. */
  failed?: boolean
}

/** Methods that can produce blocks or change state, and so must be journaled. */
export const JOURNALED_METHODS = new Set([
  'eth_sendRawTransaction',
  'eth_sendTransaction',
  'evm_mine',
  'hardhat_mine',
  'hardhat_setBalance',
  'hardhat_setCode',
  'hardhat_setStorageAt',
  'hardhat_setNonce',
])

/** Methods that would make the journal a lie (state jumps that replay cannot reproduce). */
export const REFUSED_METHODS = new Set(['evm_snapshot', 'evm_revert', 'hardhat_reset'])

export function readJournal(path: string): JournalEntry[] {
  if (!existsSync(path)) return []
  const entries: JournalEntry[] = []
  const lines = readFileSync(path, 'utf8').split('\n')
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue
    try {
      entries.push(JSON.parse(line) as JournalEntry)
    } catch {
      // A crash can cut the last line short; anything before it is intact and is all we need.
      if (i < lines.length - 2) throw new Error(`${path}:${i + 1}: corrupt chain journal line`)
    }
  }
  return entries
}

export function appendJournal(path: string, entry: JournalEntry): void {
  appendFileSync(path, `${JSON.stringify(entry)}\n`)
}
