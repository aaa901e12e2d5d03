/** Hedera Consensus Service rules that need no network: entity ids, timestamps and running hashes. */
export { HCS_CHUNK_BYTES, HCS_MAX_CHUNKS } from './chunks.ts'
export {
  type ConsensusTime,
  type EntityId,
  formatConsensusTime,
  formatEntityId,
  fromEpochNanos,
  parseConsensusTime,
  parseEntityId,
  toEpochNanos,
} from './ids.ts'
export {
  computeRunningHashV3,
  initialRunningHash,
  RUNNING_HASH_LENGTH,
  RUNNING_HASH_VERSION,
  type RunningHashInput,
} from './runningHash.ts'
