import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SealedBlob } from '../db/types.ts'
import type { DataKey } from './dataKey.ts'

/** Binds a ciphertext to its dataset, so a blob copied onto another dataset's row fails to open. */
function aad(datasetId: number): Buffer {
  return Buffer.from(`veritree:dataset:${datasetId}`)
}

/**
 * Encrypts a dataset's canonical bytes with AES-256-GCM (fresh 96-bit IV, 128-bit tag).
 *
 * @example
 * const blob = seal(dataKey, 7, datasetBytes)
 */
export function seal(dataKey: DataKey, datasetId: number, plaintext: Uint8Array): SealedBlob {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv)
  cipher.setAAD(aad(datasetId))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return { keyId: dataKey.id, iv, ciphertext, tag: cipher.getAuthTag() }
}

/** Decrypts and authenticates a sealed dataset; throws if the key, dataset id or bytes do not match. */
export function unseal(dataKey: DataKey, datasetId: number, blob: SealedBlob): Uint8Array {
  if (blob.keyId !== dataKey.id)
    throw new Error(
      `dataset ${datasetId} was sealed with key ${blob.keyId}, not the configured key ${dataKey.id}`,
    )
  const decipher = createDecipheriv('aes-256-gcm', dataKey.key, blob.iv)
  decipher.setAAD(aad(datasetId))
  decipher.setAuthTag(blob.tag)
  return new Uint8Array(Buffer.concat([decipher.update(blob.ciphertext), decipher.final()]))
}
