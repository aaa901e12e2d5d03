import { z } from 'zod'

export const Bytes32Schema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits')
  .transform((v) => v.toLowerCase() as `0x${string}`)

export const DatasetIdSchema = z.object({
  id: z.coerce.number().int().positive('dataset ids are positive integers'),
})
export const JobIdSchema = z.object({ jobId: Bytes32Schema })
export const AddressSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be 0x followed by 40 hex digits')
  .transform((v) => v.toLowerCase() as `0x${string}`)
