import type { Hex } from 'viem'
import { type RunOptions, runProver } from './runProver.ts'
import { imageIdSchema } from './schemas.ts'

/**
 * The guest's image id (zkVerify's `vk`), as the built binary reports it.
 *
 * @throws {ProverNotBuiltError} | {ProverFailedError}
 * @example
 * await getImageId() // '0x…' (32 bytes)
 */
export async function getImageId(options: RunOptions = {}): Promise<Hex> {
  return (await runProver(['image-id'], imageIdSchema, options)).imageId
}
