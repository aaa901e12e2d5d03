/**
 * The project's one seeded PRNG (mulberry32): demo data, benchmarks and property tests are random
 * but reproducible from a seed. Not for anything secret: keys, salts and nonces use crypto randomness.
 */

/**
 * A generator of floats in [0, 1), fully determined by the 32-bit `seed`.
 *
 * @example const random = seededRandom(42); random() // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A uniformly random bigint in [min, max], drawn from `random`. */
export function randomBigInt(random: () => number, min: bigint, max: bigint): bigint {
  const span = max - min + 1n
  let value = 0n
  // 32 random bits at a time until well past the span's size, then reduce.
  for (let bits = 0n; 1n << bits < span << 32n; bits += 32n) {
    value = (value << 32n) | BigInt(Math.floor(random() * 4_294_967_296))
  }
  return min + (value % span)
}
