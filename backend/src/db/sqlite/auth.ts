import type { DatabaseSync } from 'node:sqlite'
import type { Address } from 'viem'
import type { Store } from '../types.ts'
import { type Row, str } from './rows.ts'

type AuthStore = Pick<
  Store,
  'putNonce' | 'consumeNonce' | 'putSession' | 'getSession' | 'deleteSession' | 'countNonces'
>

export function authStore(db: DatabaseSync): AuthStore {
  return {
    async putNonce(nonce, expiresAt) {
      db.prepare('DELETE FROM nonces WHERE expires_at < ?').run(Date.now())
      db.prepare('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)').run(nonce, expiresAt)
    },
    async consumeNonce(nonce, now) {
      const row = db.prepare('DELETE FROM nonces WHERE nonce = ? RETURNING expires_at').get(nonce) as
        | Row
        | undefined
      return row !== undefined && Number(row.expires_at) >= now
    },
    async putSession(tokenHash, address, expiresAt) {
      db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(Date.now())
      db.prepare(
        'INSERT INTO sessions (token_hash, address, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(tokenHash, address.toLowerCase(), Date.now(), expiresAt)
    },
    async getSession(tokenHash, now) {
      const row = db
        .prepare('SELECT address FROM sessions WHERE token_hash = ? AND expires_at >= ?')
        .get(tokenHash, now) as Row | undefined
      return row ? { address: str(row, 'address') as Address } : null
    },
    async deleteSession(tokenHash) {
      db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash)
    },
    async countNonces(now) {
      const row = db.prepare('SELECT COUNT(*) AS n FROM nonces WHERE expires_at >= ?').get(now) as Row
      return Number(row.n)
    },
  }
}
