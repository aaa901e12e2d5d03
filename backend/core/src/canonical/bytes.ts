import { type Hex, isHex } from 'viem'
import { CanonicalError } from './errors.ts'

/** Turns `0x…` hex or bytes into bytes, rejecting malformed hex with code HEX. */
export function toBytesStrict(input: Uint8Array | Hex, what: string): Uint8Array {
  if (input instanceof Uint8Array) return input
  if (!isHex(input, { strict: true }) || input.length % 2 !== 0) {
    throw new CanonicalError('HEX', `${what} is not 0x-prefixed hex with whole bytes`)
  }
  const out = new Uint8Array((input.length - 2) / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(input.slice(2 + 2 * i, 4 + 2 * i), 16)
  return out
}

/** Checks `value` is an integer in [min, max]; `code` and `what` name the failure. */
export function checkInt(
  value: number,
  min: number,
  max: number,
  what: string,
  fail: (m: string) => never,
): void {
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`${what} is ${value}, expected an integer in [${min}, ${max}]`)
}
