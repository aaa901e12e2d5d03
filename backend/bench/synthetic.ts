/**
 * Deterministic synthetic classification data for the benchmark: `features` numeric columns with
 * six decimals, three classes decided by a few thresholds on the first features, 10% label noise.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function syntheticCsv(rows: number, features: number, seed: number): string {
  const rand = mulberry32(seed)
  const header = [...Array.from({ length: features }, (_, i) => `f${i}`), 'label'].join(',')
  const lines = [header]
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: Math.max(features, 3) }, () => rand() * 100 - 50)
    const [a = 0, b = 0, c = 0] = x
    let label = a + 0.5 * b > 10 ? 'high' : c < -20 ? 'low' : 'mid'
    if (rand() < 0.1) label = ['high', 'mid', 'low'][Math.floor(rand() * 3)] ?? 'mid'
    lines.push(
      `${x
        .slice(0, features)
        .map((v) => v.toFixed(6))
        .join(',')},${label}`,
    )
  }
  return `${lines.join('\n')}\n`
}
