import { proto } from '@hashgraph/proto'

/**
 * Thrown inside the local node when a transaction or query fails with a Hedera status code.
 * The RPC boundary turns it into a precheck code (before consensus) or a receipt status
 * (after consensus); it never leaves the node.
 */
export class StatusFailure extends Error {
  readonly status: proto.ResponseCodeEnum

  constructor(status: proto.ResponseCodeEnum, detail?: string) {
    const name = proto.ResponseCodeEnum[status] ?? String(status)
    super(detail ? `${name}: ${detail}` : name)
    this.name = 'StatusFailure'
    this.status = status
  }
}

/** Throws {@link StatusFailure} with `status` unless `condition` holds. */
export function ensure(
  condition: unknown,
  status: proto.ResponseCodeEnum,
  detail?: string,
): asserts condition {
  if (!condition) throw new StatusFailure(status, detail)
}
