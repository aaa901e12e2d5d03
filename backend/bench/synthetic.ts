import { seededRandom } from '@veritree/core/random'

/**
 * Deterministic synthetic classification data for the benchmark: `features` numeric columns with
 * six decimals, three classes decided by a few thresholds on the first features, 10% label noise.
 */
export function syntheticCsv(rows: number, features: number, seed: number): string {
  const rand = seededRandom(seed)
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
