/**
 * Building blocks of the API schemas. Plain validators with no transforms, so the same schema both
 * checks a response and becomes its OpenAPI component (`z.toJSONSchema`).
 */
import { z } from 'zod'

/** `0x` + exactly `bytes` bytes of hex, typed as viem's `0x${string}`. */
export const hexBytes = (bytes: number) =>
  z.templateLiteral(['0x', z.string().regex(new RegExp(`^[0-9a-fA-F]{${2 * bytes}}$`))])
/** A 32-byte hash or id. */
export const bytes32 = hexBytes(32)
/** A 20-byte address (any case). */
export const address = hexBytes(20)
/** Non-empty `0x` hex of whole bytes. */
export const hexData = z.templateLiteral(['0x', z.string().regex(/^([0-9a-fA-F]{2})+$/)])
/** A non-negative integer too large for a JS number (wei, block numbers), as decimal text. */
export const decimalString = z.string().regex(/^(0|[1-9]\d*)$/)
/** ISO 8601 instant. */
export const isoDate = z.iso.datetime()
export const int = z.number().int()
export const count = z.number().int().min(0)
