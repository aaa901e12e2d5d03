import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

/**
 * One line naming the machine a benchmark ran on (results are only comparable on the same machine and
 * load): when, how many cores, which CPU, how much memory, and the load average when the run started.
 */
export function machineLine(when = new Date()): string {
  let nproc = String(cpus().length)
  try {
    // nproc honours CPU affinity and cgroup limits, which cpus() does not.
    nproc = execFileSync('nproc', [], { encoding: 'utf8' }).trim()
  } catch {}
  return `${when.toISOString()}, nproc ${nproc}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load avg ${loadText()} at the start`
}

/** The 1-, 5- and 15-minute load averages, as `a/b/c`. */
export function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join('/')
}
