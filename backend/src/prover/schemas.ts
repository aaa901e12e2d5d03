import type { Hex } from 'viem'
import { z } from 'zod'

// Shapes of the CLI's stdout JSON (zkvm-guest/host/src/*.rs, camelCase). Validated so a CLI/TS
// drift fails loudly instead of flowing on as undefined.

const hex = z
  .string()
  .regex(/^0x[0-9a-f]*$/, 'lowercase 0x hex')
  .transform((s) => s as Hex)
const bytes32 = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/, '32 bytes of 0x hex')
  .transform((s) => s as Hex)
const u32 = z.number().int().min(0).max(0xffff_ffff)
const ms = z.number().int().min(0)

export const decodedJournalSchema = z.object({
  format: z.literal(1),
  jobId: bytes32,
  modelHash: bytes32,
  testSetHash: bytes32,
  correct: u32,
  total: u32,
  thresholdBps: u32,
  met: z.boolean(),
})

/** A format-2 journal ("proof of training"): format 1's fields plus the two commitments. */
export const decodedTrainingJournalSchema = decodedJournalSchema.extend({
  format: z.literal(2),
  datasetCommitment: bytes32,
  paramsHash: bytes32,
})

/** A format-3 journal ("inference proof"): a batch of predictions for one feed request. */
export const decodedInferenceJournalSchema = z.object({
  format: z.literal(3),
  requestId: bytes32,
  modelHash: bytes32,
  inputsHash: bytes32,
  count: u32.min(1),
  predictionsHash: bytes32,
})

/** Any format, as `verify` reports it (a receipt file may hold any). */
export const decodedAnyJournalSchema = z.discriminatedUnion('format', [
  decodedJournalSchema,
  decodedTrainingJournalSchema,
  decodedInferenceJournalSchema,
])

/**
 * The cycle bound of modes 2 and 3, checked by `prove` before executing
 * (zkvm-guest/core/src/cost.rs).
 */
export const trainingEstimateSchema = z.object({
  estimatedCycles: z.number().int().min(0),
  maxCycles: z.number().int().min(0),
  /** estimatedCycles <= maxCycles: fits for certain. When false the executed session still decides. */
  fits: z.boolean(),
  /** The bound is so far above the limit that `prove` refuses without executing. */
  refusedBeforeExecuting: z.boolean(),
})

export const zkVerifyCompatibilitySchema = z.object({
  compatible: z.boolean(),
  receiptKind: z.string(),
  segments: z.number().int(),
  maxSegmentSealBytes: z.number().int(),
  maxSegmentCborBytes: z.number().int(),
  maxPo2: z.number().int().nullable(),
  problems: z.array(z.string()),
})

export const imageIdSchema = z.object({ imageId: bytes32 })

export const executeSchema = z.object({
  cycles: z.number().int(),
  userCycles: z.number().int(),
  pagingCycles: z.number().int(),
  segments: z.number().int(),
  segmentPo2: z.number().int(),
  executeMs: ms,
  journal: hex,
  decoded: decodedJournalSchema,
  /** Whether `prove` would accept it: the receipt would fit zkVerify's limits. */
  fitsZkVerify: z.boolean(),
  problems: z.array(z.string()),
})

/** stdout of a refusal (exit code 3). */
export const tooLargeSchema = z.object({
  error: z.literal('too_large'),
  cycles: z.number().int(),
  userCycles: z.number().int(),
  segments: z.number().int(),
  segmentPo2: z.number().int(),
  problems: z.array(z.string()).min(1),
  /** True when mode 2 was refused on its cycle estimate before executing (the counts are estimates). */
  estimated: z.boolean(),
  limits: z.object({
    maxSegments: z.number().int(),
    maxSegmentBytes: z.number().int(),
    maxPo2: z.number().int(),
    maxProvablePo2: z.number().int(),
    maxPublicInputsBytes: z.number().int(),
  }),
})

export const proveSchema = z.object({
  imageId: bytes32,
  journal: hex,
  decoded: decodedJournalSchema,
  cycles: z.number().int(),
  userCycles: z.number().int(),
  segments: z.number().int(),
  segmentPo2s: z.array(z.number().int()),
  executeMs: ms,
  provingMs: ms,
  verifyMs: ms,
  receiptBytes: z.number().int(),
  receiptPath: z.string(),
  journalPath: z.string(),
  receiptKind: z.string(),
  devMode: z.boolean(),
  zkVerifyCompatible: z.boolean(),
  zkVerify: zkVerifyCompatibilitySchema,
  peakRssBytes: z.number().int().nullable(),
})

/** `execute --mode 2`: format-2 journal, plus the cycle bound `prove` would check first. */
export const executeTrainingSchema = executeSchema.extend({
  decoded: decodedTrainingJournalSchema,
  estimate: trainingEstimateSchema,
})

/** `prove --mode 2`. */
export const proveTrainingSchema = proveSchema.extend({
  decoded: decodedTrainingJournalSchema,
  estimate: trainingEstimateSchema,
})

/** `execute --mode 3`: format-3 journal, the predictions (checked by the CLI) and the cycle bound. */
export const executeInferenceSchema = executeSchema.extend({
  decoded: decodedInferenceJournalSchema,
  estimate: trainingEstimateSchema,
  /** Canonical predictions bytes (u16 LE each), whose SHA-256 is the journal's predictionsHash. */
  predictions: hex,
})

/** `prove --mode 3`. */
export const proveInferenceSchema = proveSchema.extend({
  decoded: decodedInferenceJournalSchema,
  estimate: trainingEstimateSchema,
  predictions: hex,
})

export const verifySchema = z.object({
  ok: z.literal(true),
  imageId: bytes32,
  journal: hex,
  decoded: decodedAnyJournalSchema,
  receiptKind: z.string(),
  verifyMs: ms,
  zkVerifyCompatible: z.boolean(),
  zkVerify: zkVerifyCompatibilitySchema,
})

export type DecodedJournal = z.output<typeof decodedJournalSchema>
export type DecodedTrainingJournal = z.output<typeof decodedTrainingJournalSchema>
export type DecodedInferenceJournal = z.output<typeof decodedInferenceJournalSchema>
export type ExecuteInferenceResult = z.output<typeof executeInferenceSchema>
export type ProveInferenceResult = z.output<typeof proveInferenceSchema>
export type TrainingEstimate = z.output<typeof trainingEstimateSchema>
export type ExecuteTrainingResult = z.output<typeof executeTrainingSchema>
export type ProveTrainingResult = z.output<typeof proveTrainingSchema>
export type ZkVerifyCompatibility = z.output<typeof zkVerifyCompatibilitySchema>
export type ExecuteResult = z.output<typeof executeSchema>
export type ProveResult = z.output<typeof proveSchema>
export type VerifyResult = z.output<typeof verifySchema>
