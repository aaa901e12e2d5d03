/**
 * The environment the prover child gets: only what risc0 and the Rust runtime read, never the
 * backend's own secrets (the settler's private key, RPC URLs with API keys, HCS operator keys). The
 * prover reads files and writes a receipt; it needs none of them, and a crash dump or a compromised
 * dependency must not be able to leak them.
 */
const PASSED = [
  /^RISC0_/, // dev mode, logging, pprof, segment and prover settings
  /^RUST_(LOG|BACKTRACE|MIN_STACK)$/,
  /^RAYON_NUM_THREADS$/, // how many cores proving may use
  /^(CUDA_VISIBLE_DEVICES|NVIDIA_VISIBLE_DEVICES|LD_LIBRARY_PATH)$/, // a `cuda` build's GPU and libraries
  /^(PATH|HOME|TMPDIR|LANG|LC_[A-Z]+|TZ)$/,
]

/**
 * `parent` filtered to the variables above, then `extra` on top (the caller's explicit choices pass
 * as given; a key set to undefined is removed, e.g. `{ RISC0_DEV_MODE: undefined }`).
 *
 * @example
 * proverEnv({ PATH: '/usr/bin', VERITREE_SETTLER_PRIVATE_KEY: '0x…' }) // { PATH: '/usr/bin' }
 */
export function proverEnv(parent: NodeJS.ProcessEnv, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(parent)) {
    if (value !== undefined && PASSED.some((re) => re.test(key))) env[key] = value
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}
