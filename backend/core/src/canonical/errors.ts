import { VeritreeError } from '../errors.ts'

/**
 * Stable reasons for rejecting canonical input. The same strings are returned by the Rust core's
 * `Error::code()` (zkvm-guest/core/src/error.rs), and golden vectors name them. `PARAMS_*` and
 * `TRAIN_LABEL` are `TrainError::code()`'s (zkvm-guest/core/src/train/error.rs); `GAIN_THRESHOLD`
 * (the query's decimal text) and `PREDICTION_CLASS` (a prediction given as a number that is not a
 * u16; Rust takes `&[u16]`) are TypeScript-only.
 */
export type CanonicalErrorCode =
  | 'FIXED_EMPTY'
  | 'FIXED_SYNTAX'
  | 'FIXED_NOT_FINITE'
  | 'FIXED_RANGE'
  | 'TABLE_TRUNCATED'
  | 'TABLE_EMPTY'
  | 'TABLE_LENGTH'
  | 'TABLE_SHAPE'
  | 'MODEL_TRUNCATED'
  | 'MODEL_HEADER'
  | 'MODEL_NODE_KIND'
  | 'MODEL_FEATURE'
  | 'MODEL_CLASS'
  | 'MODEL_STRUCTURE'
  | 'MODEL_TRAILING'
  | 'MODEL_SHAPE'
  | 'EVAL_FEATURES'
  | 'EVAL_LABEL'
  | 'THRESHOLD_RANGE'
  | 'JOURNAL_LENGTH'
  | 'JOURNAL_FORMAT'
  | 'JOURNAL_WORD'
  | 'JOURNAL_FIELD'
  | 'JOURNAL_EMPTY'
  | 'PREDICTIONS_LENGTH'
  | 'PREDICTION_CLASS'
  | 'PARAMS_LENGTH'
  | 'PARAMS_VERSION'
  | 'PARAMS_RANGE'
  | 'GAIN_THRESHOLD'
  | 'TRAIN_LABEL'
  | 'HEX'

/**
 * Any rejection of canonical input. `code` is machine-readable and shared with Rust; the message
 * starts with the code and names the problem.
 *
 * @example
 * try { decodeModel(bytes) } catch (e) { if (e instanceof CanonicalError && e.code === 'MODEL_STRUCTURE') ... }
 */
export class CanonicalError extends VeritreeError<CanonicalErrorCode> {
  override name = 'CanonicalError'

  constructor(code: CanonicalErrorCode, detail: string) {
    super(code, `${code}: ${detail}`)
  }
}

/** A decimal text that is not a valid 6-decimal fixed-point number. */
export class FixedPointError extends CanonicalError {
  override name = 'FixedPointError'
}
