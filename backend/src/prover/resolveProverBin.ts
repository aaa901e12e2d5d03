import { accessSync, constants } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { ProverNotBuiltError } from './errors.ts'

/**
 * Where `veritree-prover` lives: `$VERITREE_PROVER_BIN`, else
 * `${VERITREE_CACHE_DIR:-$HOME/.cache/veritree}/zkvm-target/release/veritree-prover` (where
 * `scripts/build-zkvm.sh` puts it). Does not check that the file exists; see {@link requireProverBin}.
 *
 * @example
 * resolveProverBin() // '/root/.cache/veritree/zkvm-target/release/veritree-prover'
 */
export function resolveProverBin(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VERITREE_PROVER_BIN) return env.VERITREE_PROVER_BIN
  const cache = env.VERITREE_CACHE_DIR || join(homedir(), '.cache', 'veritree')
  return join(cache, 'zkvm-target', 'release', 'veritree-prover')
}

/**
 * {@link resolveProverBin}, checked to be an executable file.
 *
 * @throws {ProverNotBuiltError} with the path and the build command
 */
export function requireProverBin(env: NodeJS.ProcessEnv = process.env): string {
  const bin = resolveProverBin(env)
  try {
    accessSync(bin, constants.X_OK)
  } catch {
    throw new ProverNotBuiltError(bin)
  }
  return bin
}
