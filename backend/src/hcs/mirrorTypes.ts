/**
 * The mirror node's REST shape for topic messages (`/api/v1/topics/{id}/messages`), as zod
 * schemas so a client validates what any mirror (local or Hedera's) sends back. The local
 * node's mirror route produces exactly this shape. No `node:` imports (browser-safe).
 */
import { z } from 'zod'

const entityId = z.string().regex(/^\d+\.\d+\.\d+$/, 'expected an entity id "shard.realm.num"')
const timestamp = z.string().regex(/^\d+\.\d{9}$/, 'expected a timestamp "seconds.nnnnnnnnn"')
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64')

/** A transaction id as the mirror prints it inside `chunk_info`. */
export const mirrorTransactionIdSchema = z.object({
  account_id: entityId,
  nonce: z.number().int().nonnegative().nullable(),
  scheduled: z.boolean().nullable(),
  transaction_valid_start: timestamp,
})

export const mirrorChunkInfoSchema = z.object({
  initial_transaction_id: mirrorTransactionIdSchema,
  number: z.number().int().positive(),
  total: z.number().int().positive(),
})

export const mirrorTopicMessageSchema = z.object({
  chunk_info: mirrorChunkInfoSchema.nullable().optional(),
  consensus_timestamp: timestamp,
  /** base64, unless the request asked for `encoding=utf-8`. */
  message: z.string(),
  payer_account_id: entityId,
  running_hash: base64,
  running_hash_version: z.number().int(),
  sequence_number: z.number().int().positive(),
  topic_id: entityId,
})

export const mirrorTopicMessagesSchema = z.object({
  messages: z.array(mirrorTopicMessageSchema),
  links: z.object({ next: z.string().nullable() }),
})

export type MirrorTransactionId = z.infer<typeof mirrorTransactionIdSchema>
export type MirrorChunkInfo = z.infer<typeof mirrorChunkInfoSchema>
export type MirrorTopicMessage = z.infer<typeof mirrorTopicMessageSchema>
export type MirrorTopicMessages = z.infer<typeof mirrorTopicMessagesSchema>

/** The mirror's error body: `{"_status":{"messages":[{"message":"..."}]}}`. */
export type MirrorError = { _status: { messages: { message: string }[] } }
