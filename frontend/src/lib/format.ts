import { formatEther } from 'viem'

/**
 * Formats wei as ETH with at most `digits` significant decimals, never rounding a non-zero price to
 * "0": tiny prices (new datasets start egregiously cheap) show in gwei or wei instead.
 *
 * @example
 * formatWei('1500000000000000000') // '1.5 ETH'
 * formatWei('2500000000') // '2.5 gwei'
 */
export function formatWei(wei: bigint | string | null | undefined, digits = 4): string {
  if (wei === null || wei === undefined || wei === '') return '—'
  const value = typeof wei === 'bigint' ? wei : BigInt(wei)
  if (value === 0n) return '0 ETH'
  const abs = value < 0n ? -value : value
  if (abs < 1_000_000n) return `${value.toLocaleString('en-US')} wei`
  if (abs < 1_000_000_000_000n) return `${trimDecimal(formatUnitsFixed(value, 9), digits)} gwei`
  return `${trimDecimal(formatEther(value), digits)} ETH`
}

function formatUnitsFixed(value: bigint, decimals: number): string {
  const negative = value < 0n
  const abs = negative ? -value : value
  const base = 10n ** BigInt(decimals)
  const fraction = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${abs / base}${fraction ? `.${fraction}` : ''}`
}

/** Keeps `digits` significant decimals after the leading zeros of the fraction. */
function trimDecimal(text: string, digits: number): string {
  const [whole, fraction = ''] = text.split('.')
  if (!fraction) return whole as string
  const leading = fraction.match(/^0*/)?.[0].length ?? 0
  const keep = whole === '0' || whole === '-0' ? leading + digits : digits
  const cut = fraction.slice(0, keep).replace(/0+$/, '')
  return cut ? `${whole}.${cut}` : (whole as string)
}

/** `0x1234…abcd`. */
export function shortHex(hex: string | null | undefined, keep = 4): string {
  if (!hex) return '—'
  return hex.length <= 2 + keep * 2 + 1 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`
}

/**
 * Basis points as a percentage, e.g. 8500 → "85%", 8525 → "85.25%".
 */
export function formatBps(bps: number): string {
  return `${Number((bps / 100).toFixed(2))}%`
}

/** A fraction as a percentage with up to two decimals: 0.9333 → "93.33%". */
export function formatRatio(correct: number, total: number): string {
  if (total <= 0) return '—'
  return `${Number(((correct * 100) / total).toFixed(2))}%`
}

/**
 * Parses a percentage typed by a user ("85", "85.5", "85.25%") into basis points, or returns an
 * error message. Only two decimals exist on-chain, so more are refused rather than silently rounded.
 */
export function parsePercentToBps(text: string): { bps: number } | { error: string } {
  const trimmed = text.trim().replace(/%$/, '').trim()
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(trimmed))
    return { error: 'Enter a percentage such as 85 or 92.5 (two decimals at most).' }
  const [whole, fraction = ''] = trimmed.split('.')
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
  if (bps > 10_000) return { error: 'A percentage cannot be above 100.' }
  return { bps }
}

/** A Unix time (seconds or milliseconds) as a local date and time. */
export function formatTime(unix: number): string {
  const ms = unix < 1e12 ? unix * 1000 : unix
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
}

/** Bytes as "12.3 kB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  if (bytes < 1_000_000) return `${Number((bytes / 1000).toFixed(1))} kB`
  return `${Number((bytes / 1_000_000).toFixed(1))} MB`
}

/**
 * Seconds as a rough duration: "45 s", "4 min", "1 h 20 min" (estimates, so no false precision).
 *
 * @example formatDuration(263) // '5 min'
 */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 90) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}
