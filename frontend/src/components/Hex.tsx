import { shortHex } from '../lib/format.ts'

/** A shortened hex value (address, hash) whose full text is in the tooltip and copyable on click. */
export function Hex({
  value,
  keep = 4,
  full = false,
}: {
  value: string | null | undefined
  keep?: number
  full?: boolean
}) {
  if (!value) return <span className="faint">—</span>
  return (
    <code title={value} className="mono">
      {full ? value : shortHex(value, keep)}
    </code>
  )
}
