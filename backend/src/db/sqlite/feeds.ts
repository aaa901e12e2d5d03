import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { type FeedRequestState, type JobErrorCode, TERMINAL_FEED_REQUEST_STATES } from '@veritree/core/api'
import type { Address, Hex } from 'viem'
import type { AggregationProof, TimestampReceipt } from '../../attest/types.ts'
import type {
  AttestationResult,
  FeedRecord,
  FeedRequestPatch,
  FeedRequestRecord,
  ProveStats,
  PutFeedInputsResult,
  RefundResult,
  Store,
  VerificationResult,
} from '../types.ts'
import { patchColumns } from './jobs.ts'
import { leasedTable } from './lease.ts'
import { bigintReviver, bytes, jsonOrNull, num, numOrNull, type Row, str, strOrNull, toJson } from './rows.ts'

type FeedStore = Pick<
  Store,
  | 'insertFeed'
  | 'getFeed'
  | 'getFeedByPk'
  | 'listFeeds'
  | 'updateFeedState'
  | 'putFeedInputs'
  | 'sweepFeedInputs'
  | 'getFeedInputs'
  | 'insertFeedRequest'
  | 'getFeedRequest'
  | 'listFeedRequests'
  | 'expireAwaitingInputs'
  | 'feedRequestTransitions'
  | 'claimFeedRequest'
  | 'heartbeatFeedRequest'
  | 'advanceFeedRequest'
  | 'patchFeedRequest'
  | 'retryFeedRequest'
  | 'failFeedRequest'
  | 'setFeedRequestProgress'
>

function toFeed(row: Row): FeedRecord {
  return {
    pk: num(row, 'id'),
    chainId: num(row, 'chain_id'),
    address: str(row, 'address') as Address,
    market: str(row, 'market') as Address,
    saleJobId: str(row, 'sale_job_id') as Hex,
    jobPk: num(row, 'job'),
    datasetId: num(row, 'dataset_id'),
    owner: str(row, 'owner') as Address,
    modelHash: str(row, 'model_hash') as Hex,
    priceWei: str(row, 'price_wei'),
    acceptingRequests: num(row, 'accepting_requests') === 1,
    stateKnown: num(row, 'state_known') === 1,
    royaltyBps: num(row, 'royalty_bps'),
    createdBlock: BigInt(str(row, 'created_block')),
    createdTx: str(row, 'created_tx') as Hex,
    createdAt: num(row, 'created_at'),
  }
}

export function toFeedRequest(row: Row): FeedRequestRecord {
  const imageId = strOrNull(row, 'image_id') as Hex | null
  const journal = strOrNull(row, 'journal') as Hex | null
  const predictions = strOrNull(row, 'predictions') as Hex | null
  const receiptPath = strOrNull(row, 'receipt_path')
  const submission = jsonOrNull<VerificationResult['submission']>(
    row,
    'verify_submission_json',
    bigintReviver,
  )
  const aggregation = jsonOrNull<AggregationProof>(row, 'aggregation_json', bigintReviver)
  const settleTx = strOrNull(row, 'settle_tx') as Hex | null
  const refundReason = numOrNull(row, 'refund_reason')
  const pending = jsonOrNull<AttestationResult['pending']>(row, 'attest_pending_json')
  const timestamp = jsonOrNull<TimestampReceipt>(row, 'timestamp_json', bigintReviver)
  const errorMessage = strOrNull(row, 'error')
  return {
    pk: num(row, 'id'),
    feedPk: num(row, 'feed'),
    requestId: str(row, 'request_id') as Hex,
    customer: str(row, 'customer') as Address,
    inputsHash: str(row, 'inputs_hash') as Hex,
    count: num(row, 'count'),
    priceWei: str(row, 'price_wei'),
    deadline: num(row, 'deadline'),
    verifierId: num(row, 'verifier_id'),
    openedBlock: BigInt(str(row, 'opened_block')),
    openedTx: str(row, 'opened_tx') as Hex,
    state: str(row, 'state') as FeedRequestState,
    error:
      errorMessage === null
        ? null
        : { code: (strOrNull(row, 'error_code') ?? 'internal') as JobErrorCode, message: errorMessage },
    attempts: num(row, 'attempts'),
    runAfter: num(row, 'run_after'),
    holder: strOrNull(row, 'holder'),
    leaseExpiresAt: numOrNull(row, 'lease_expires_at'),
    createdAt: num(row, 'created_at'),
    updatedAt: num(row, 'updated_at'),
    proof:
      imageId && journal && receiptPath && predictions
        ? {
            imageId,
            journal,
            predictions,
            receiptPath,
            stats: jsonOrNull<ProveStats>(row, 'prove_json') ?? {
              cycles: null,
              segments: null,
              provingMs: null,
              receiptBytes: null,
            },
          }
        : null,
    verification: submission || aggregation ? { submission, aggregation } : null,
    settlement: settleTx
      ? { tx: settleTx, outcome: jsonOrNull<{ status: 'Settled' }>(row, 'settle_outcome_json') }
      : null,
    refund:
      refundReason === null
        ? null
        : {
            reason: refundReason,
            tx: strOrNull(row, 'refund_tx') as Hex | null,
            status: strOrNull(row, 'refund_status') as RefundResult['status'],
          },
    attestation: pending || timestamp ? { pending, timestamp } : null,
  }
}

/**
 * Requests in these states no longer need their inputs: the predictions are settled on-chain (and the
 * certificate names only the inputs' hash), or the consumer is refunded. Inputs named only by such
 * requests are swept and counted like unpaid ones, so paying for a request that is then refunded
 * (a wrong count, say) cannot pin rows forever. A `failed` request keeps them: an operator may retry it.
 */
const INPUTS_RELEASED_STATES = ['done', 'refunded'] as const satisfies readonly FeedRequestState[]
/** SQL: a request that still needs inputs names `fi`'s rows. */
const NAMED_BY_LIVE_REQUEST = `EXISTS (SELECT 1 FROM feed_requests r WHERE r.feed = fi.feed AND r.inputs_hash = fi.inputs_hash
  AND r.state NOT IN (${INPUTS_RELEASED_STATES.map((state) => `'${state}'`).join(', ')}))`

export function feedStore(db: DatabaseSync): FeedStore {
  const lease = leasedTable<FeedRequestState, FeedRequestRecord, FeedRequestPatch>(db, {
    table: 'feed_requests',
    transitions: { table: 'feed_request_transitions', column: 'request' },
    // awaiting_inputs waits for an upload (or the grace period's expiry), not for a worker.
    idle: [...TERMINAL_FEED_REQUEST_STATES, 'awaiting_inputs'],
    toRecord: toFeedRequest,
    patchColumns: requestPatchColumns,
  })
  const { transition, inTransaction } = lease

  return {
    async insertFeed(feed, now) {
      const row = db
        .prepare(
          `INSERT INTO feeds (chain_id, address, market, sale_job_id, job, dataset_id, owner, model_hash, price_wei,
             royalty_bps, created_block, created_tx, created_at, state_known)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
           ON CONFLICT DO NOTHING RETURNING *`,
        )
        .get(
          feed.chainId,
          feed.address.toLowerCase(),
          feed.market.toLowerCase(),
          feed.saleJobId.toLowerCase(),
          feed.jobPk,
          feed.datasetId,
          feed.owner.toLowerCase(),
          feed.modelHash.toLowerCase(),
          feed.priceWei,
          feed.royaltyBps,
          feed.createdBlock.toString(),
          feed.createdTx.toLowerCase(),
          now,
        ) as Row | undefined
      return row ? toFeed(row) : null
    },
    async getFeed(address) {
      const row = db
        .prepare('SELECT * FROM feeds WHERE address = ? ORDER BY id LIMIT 1')
        .get(address.toLowerCase()) as Row | undefined
      return row ? toFeed(row) : null
    },
    async getFeedByPk(pk) {
      const row = db.prepare('SELECT * FROM feeds WHERE id = ?').get(pk) as Row | undefined
      return row ? toFeed(row) : null
    },
    async listFeeds(filter = {}) {
      const rows = filter.owner
        ? db.prepare('SELECT * FROM feeds WHERE owner = ? ORDER BY id').all(filter.owner.toLowerCase())
        : db.prepare('SELECT * FROM feeds ORDER BY id').all()
      return (rows as Row[]).map(toFeed)
    },
    async updateFeedState(chainId, address, change) {
      const columns: Array<[string, SQLInputValue]> =
        'fromChain' in change
          ? [
              ['price_wei', change.priceWei],
              ['accepting_requests', change.acceptingRequests ? 1 : 0],
              ['state_known', 1],
            ]
          : 'priceWei' in change
            ? [['price_wei', change.priceWei]]
            : [['accepting_requests', change.acceptingRequests ? 1 : 0]]
      const row = db
        .prepare(
          `UPDATE feeds SET ${columns.map(([c]) => `${c} = ?`).join(', ')} WHERE chain_id = ? AND address = ? RETURNING *`,
        )
        .get(...columns.map(([, v]) => v), chainId, address.toLowerCase()) as Row | undefined
      return row ? toFeed(row) : null
    },
    async putFeedInputs(inputs, now, rules) {
      const feedPk = inputs.feedPk
      const hash = inputs.inputsHash.toLowerCase()
      const uploader = inputs.uploader.toLowerCase()
      return inTransaction((): PutFeedInputsResult => {
        const named = db
          .prepare(`SELECT 1 FROM (SELECT ? AS feed, ? AS inputs_hash) fi WHERE ${NAMED_BY_LIVE_REQUEST}`)
          .get(feedPk, hash)
        if (!named) {
          if (!rules.acceptingRequests) return { stored: false, refused: 'closed' }
          // This wallet's other inputs no live request names (a re-upload of these rows replaces itself, so it is left out).
          const held = db
            .prepare(
              `SELECT COUNT(*) AS n, COALESCE(SUM(length(fi.inputs)), 0) AS bytes, MIN(fi.created_at) AS oldest
               FROM feed_inputs fi
               WHERE fi.uploader = ? AND NOT (fi.feed = ? AND fi.inputs_hash = ?) AND NOT ${NAMED_BY_LIVE_REQUEST}`,
            )
            .get(uploader, feedPk, hash) as Row
          const count = num(held, 'n')
          const bytes = num(held, 'bytes')
          if (
            count + 1 > rules.quota.maxPerWallet ||
            bytes + inputs.inputs.length > rules.quota.maxBytesPerWallet
          )
            return {
              stored: false,
              refused: 'quota',
              held: { count, bytes },
              oldestAt: numOrNull(held, 'oldest') ?? now,
            }
        }
        // The same hash is the same bytes: a re-upload only renews the row, for its latest uploader.
        db.prepare(
          `INSERT INTO feed_inputs (feed, inputs_hash, uploader, rows, inputs, created_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (feed, inputs_hash) DO UPDATE SET uploader = excluded.uploader, created_at = excluded.created_at`,
        ).run(feedPk, hash, uploader, inputs.rows, inputs.inputs, now)
        // Requests paid before the upload: their rows are known now. The count must match too, or
        // the guest's journal could never settle (the contract checks it); those stay to be refunded.
        const released = db
          .prepare(
            `UPDATE feed_requests SET state = 'proving', run_after = ?, updated_at = ?
             WHERE feed = ? AND inputs_hash = ? AND count = ? AND state = 'awaiting_inputs' RETURNING *`,
          )
          .all(now, now, feedPk, hash, inputs.rows) as Row[]
        const records = released.map(toFeedRequest)
        for (const r of records) transition(r.pk, 'awaiting_inputs', 'proving', 'inputs uploaded', now)
        return { stored: true, released: records }
      })
    },
    async sweepFeedInputs(before, limit) {
      const result = db
        .prepare(
          `DELETE FROM feed_inputs WHERE rowid IN (
             SELECT fi.rowid FROM feed_inputs fi
             WHERE fi.created_at < ? AND NOT ${NAMED_BY_LIVE_REQUEST}
             ORDER BY fi.created_at LIMIT ?)`,
        )
        .run(before, limit)
      return Number(result.changes)
    },
    async getFeedInputs(feedPk, inputsHash) {
      const row = db
        .prepare('SELECT * FROM feed_inputs WHERE feed = ? AND inputs_hash = ?')
        .get(feedPk, inputsHash.toLowerCase()) as Row | undefined
      if (!row) return null
      return {
        feedPk: num(row, 'feed'),
        inputsHash: str(row, 'inputs_hash') as Hex,
        uploader: str(row, 'uploader') as Address,
        rows: num(row, 'rows'),
        inputs: bytes(row, 'inputs'),
        createdAt: num(row, 'created_at'),
      }
    },
    async insertFeedRequest(request, now) {
      return inTransaction(() => {
        const known = db
          .prepare('SELECT rows FROM feed_inputs WHERE feed = ? AND inputs_hash = ?')
          .get(request.feedPk, request.inputsHash.toLowerCase()) as Row | undefined
        const state: FeedRequestState =
          known && num(known, 'rows') === request.count ? 'proving' : 'awaiting_inputs'
        const row = db
          .prepare(
            `INSERT INTO feed_requests (feed, request_id, customer, inputs_hash, count, price_wei, deadline, verifier_id,
               opened_block, opened_tx, state, run_after, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (request_id) DO NOTHING RETURNING *`,
          )
          .get(
            request.feedPk,
            request.requestId.toLowerCase(),
            request.customer.toLowerCase(),
            request.inputsHash.toLowerCase(),
            request.count,
            request.priceWei,
            request.deadline,
            request.verifierId,
            request.openedBlock.toString(),
            request.openedTx.toLowerCase(),
            state,
            now,
            now,
            now,
          ) as Row | undefined
        if (!row) return null
        const record = toFeedRequest(row)
        transition(record.pk, null, state, `tx ${request.openedTx}`, now)
        return record
      })
    },
    async getFeedRequest(requestId) {
      const row = db
        .prepare('SELECT * FROM feed_requests WHERE request_id = ?')
        .get(requestId.toLowerCase()) as Row | undefined
      return row ? toFeedRequest(row) : null
    },
    async listFeedRequests(filter) {
      const where: string[] = []
      const args: Array<string | number> = []
      if (filter.feedPk !== undefined) {
        where.push('feed = ?')
        args.push(filter.feedPk)
      }
      if (filter.customer !== undefined) {
        where.push('customer = ?')
        args.push(filter.customer.toLowerCase())
      }
      if (filter.state !== undefined) {
        where.push('state = ?')
        args.push(filter.state)
      }
      const sql = `SELECT * FROM feed_requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`
      return (db.prepare(sql).all(...args, filter.limit ?? 100) as Row[]).map(toFeedRequest)
    },
    async expireAwaitingInputs(before, reason, now) {
      return inTransaction(() => {
        const rows = db
          .prepare(
            `UPDATE feed_requests SET state = 'refunding', refund_reason = ?, run_after = ?, updated_at = ?,
               error = 'no input rows with this hash were uploaded to the backend in time; the request is refunded',
               error_code = 'unprovable'
             WHERE state = 'awaiting_inputs' AND created_at < ? RETURNING *`,
          )
          .all(reason, now, now, before) as Row[]
        const records = rows.map(toFeedRequest)
        for (const r of records) transition(r.pk, 'awaiting_inputs', 'refunding', 'inputs unknown', now)
        return records
      })
    },
    async feedRequestTransitions(pk) {
      return lease.transitions(pk)
    },
    async claimFeedRequest(holder, now, leaseMs) {
      return lease.claim(holder, now, leaseMs)
    },
    async heartbeatFeedRequest(pk, holder, leaseExpiresAt) {
      return lease.heartbeat(pk, holder, leaseExpiresAt)
    },
    async advanceFeedRequest(pk, holder, from, to, patch, now, note) {
      return lease.advance(pk, holder, from, to, patch, now, note)
    },
    async patchFeedRequest(pk, holder, patch, now) {
      return lease.patch(pk, holder, patch, now)
    },
    async retryFeedRequest(pk, holder, error, runAfter, now) {
      return lease.retry(pk, holder, error, runAfter, now)
    },
    async failFeedRequest(pk, holder, from, reason, now) {
      return lease.fail(pk, holder, from, reason, now)
    },
    async setFeedRequestProgress(pk, progress) {
      lease.setProgress(pk, progress)
    },
  }
}

/** A request's result columns: its own proof and settlement, the verification, refund and HCS groups as a job's. */
function requestPatchColumns(patch: FeedRequestPatch): Array<[string, SQLInputValue]> {
  const cols = patchColumns({
    ...(patch.verification === undefined ? {} : { verification: patch.verification }),
    ...(patch.refund === undefined ? {} : { refund: patch.refund }),
    ...(patch.attestation === undefined ? {} : { attestation: patch.attestation }),
  })
  if (patch.proof !== undefined) {
    const p = patch.proof
    cols.push(
      ['image_id', p?.imageId ?? null],
      ['journal', p?.journal ?? null],
      ['predictions', p?.predictions ?? null],
      ['receipt_path', p?.receiptPath ?? null],
      ['prove_json', p ? toJson(p.stats) : null],
    )
  }
  if (patch.settlement !== undefined) {
    const st = patch.settlement
    cols.push(['settle_tx', st?.tx ?? null], ['settle_outcome_json', st?.outcome ? toJson(st.outcome) : null])
  }
  return cols
}
