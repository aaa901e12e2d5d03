import { accessSync, constants } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ProverNotBuiltError } from './errors.ts'

/**
 * The prover this clone built: `scripts/build-zkvm.sh` installs it into a store keyed by a hash of the
 * zkvm-guest sources (`~/.cache/veritree/provers/<key>/`) and links it here, so another clone's build
 * (cargo's target dir is shared) never swaps the binary under this clone's running jobs and tests.
 */
export const CLONE_PROVER_BIN = fileURLToPath(
  new URL('../../../zkvm-guest/bin/veritree-prover', import.meta.url),
)

/**
 * Where `veritree-prover` lives: `$VERITREE_PROVER_BIN`, else {@link CLONE_PROVER_BIN}
 * (`zkvm-guest/bin/veritree-prover` in this clone). Does not check that the file exists; see
 * {@link requireProverBin}.
 *
 * @example
 * resolveProverBin() // '/home/me/veritree/zkvm-guest/bin/veritree-prover'
 */
export function resolveProverBin(env: NodeJS.ProcessEnv = process.env): string {
  return env.VERITREE_PROVER_BIN || CLONE_PROVER_BIN
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
