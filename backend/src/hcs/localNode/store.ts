/**
 * The local node's state in one SQLite file (WAL): accounts, topics, topic messages and the
 * record of every transaction that reached consensus. All integers are read as bigint, since
 * consensus timestamps in nanoseconds do not fit a double.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite'

const SCHEMA_VERSION = '1'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS node_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS accounts (num INTEGER PRIMARY KEY, key BLOB NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS topics (
  num INTEGER PRIMARY KEY,
  memo TEXT NOT NULL,
  admin_key BLOB,
  submit_key BLOB,
  auto_renew_account INTEGER,
  auto_renew_period_s INTEGER NOT NULL,
  created_ns INTEGER NOT NULL,
  sequence_number INTEGER NOT NULL,
  running_hash BLOB NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS topic_messages (
  topic_num INTEGER NOT NULL REFERENCES topics(num),
  sequence_number INTEGER NOT NULL,
  consensus_ns INTEGER NOT NULL UNIQUE,
  payer_num INTEGER NOT NULL,
  message BLOB NOT NULL,
  running_hash BLOB NOT NULL,
  chunk_number INTEGER,
  chunk_total INTEGER,
  initial_transaction_id BLOB,
  PRIMARY KEY (topic_num, sequence_number)
) STRICT;
CREATE INDEX IF NOT EXISTS topic_messages_by_time ON topic_messages(topic_num, consensus_ns);
CREATE TABLE IF NOT EXISTS transactions (
  transaction_id TEXT PRIMARY KEY,
  consensus_ns INTEGER NOT NULL,
  status INTEGER NOT NULL,
  record BLOB NOT NULL
) STRICT;
`

export type TopicRow = {
  num: bigint
  memo: string
  adminKey: Uint8Array | null
  submitKey: Uint8Array | null
  autoRenewAccount: bigint | null
  autoRenewPeriodSeconds: bigint
  createdNs: bigint
  sequenceNumber: bigint
  runningHash: Uint8Array
}

export type MessageRow = {
  topicNum: bigint
  sequenceNumber: bigint
  consensusNs: bigint
  payerNum: bigint
  message: Uint8Array
  runningHash: Uint8Array
  /** Set for chunked messages only. */
  chunk: { number: number; total: number; initialTransactionId: Uint8Array } | null
}

export type Comparison = { op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; value: bigint }

export type MessageQuery = {
  topicNum: bigint
  sequenceNumber: Comparison[]
  consensusNs: Comparison[]
  order: 'asc' | 'desc'
  limit: number
}

const SQL_OPERATOR: Record<Comparison['op'], string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' }

/** SQLite-backed state of one local node. Not safe to share one file between processes. */
export class HcsStore {
  readonly #db: DatabaseSync
  readonly #statements = new Map<string, StatementSync>()

  private constructor(db: DatabaseSync) {
    this.#db = db
  }

  /**
   * Opens (creating if needed) the node database at `path`.
   * @example const store = HcsStore.open('/tmp/hcs.sqlite')
   */
  static open(path: string): HcsStore {
    const db = new DatabaseSync(path)
    try {
      db.exec('PRAGMA journal_mode = WAL')
      // A receipt the node has answered SUCCESS for must survive a crash.
      db.exec('PRAGMA synchronous = FULL')
      db.exec('PRAGMA foreign_keys = ON')
      db.exec('PRAGMA busy_timeout = 5000')
      db.exec(SCHEMA)
      const store = new HcsStore(db)
      const version = store.getMeta('schema_version')
      if (version === undefined) store.setMeta('schema_version', SCHEMA_VERSION)
      else if (version !== SCHEMA_VERSION) {
        throw new Error(
          `HCS node database ${path} has schema version ${version}, this code expects ${SCHEMA_VERSION}`,
        )
      }
      return store
    } catch (error) {
      db.close()
      throw error
    }
  }

  close(): void {
    this.#db.close()
  }

  /** Runs `fn` in one write transaction; a throw rolls everything back. */
  inTransaction<T>(fn: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.#db.exec('COMMIT')
      return result
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
  }

  getMeta(key: string): string | undefined {
    const row = this.#get('SELECT value FROM node_meta WHERE key = ?', key)
    return row ? String(row.value) : undefined
  }

  setMeta(key: string, value: string): void {
    this.#run(
      'INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      key,
      value,
    )
  }

  /** Hands out the next entity number (topics); call inside {@link inTransaction}. */
  takeEntityNum(): bigint {
    const next = BigInt(this.#requireMeta('next_entity_num'))
    this.setMeta('next_entity_num', (next + 1n).toString())
    return next
  }

  /**
   * The consensus timestamp for the next transaction: the wall clock, or one nanosecond after
   * the last one if the clock has not moved on (or went backwards). Call inside {@link inTransaction}.
   */
  nextConsensusNs(wallClockNs: bigint): bigint {
    const last = BigInt(this.#requireMeta('last_consensus_ns'))
    const next = wallClockNs > last ? wallClockNs : last + 1n
    this.setMeta('last_consensus_ns', next.toString())
    return next
  }

  #requireMeta(key: string): string {
    const value = this.getMeta(key)
    if (value === undefined)
      throw new Error(`HCS node database has no ${key}; was it initialised by ensureGenesis?`)
    return value
  }

  getAccountKey(num: bigint): Uint8Array | undefined {
    const row = this.#get('SELECT key FROM accounts WHERE num = ?', num)
    return row ? (row.key as Uint8Array) : undefined
  }

  putAccount(num: bigint, key: Uint8Array): void {
    this.#run('INSERT INTO accounts (num, key) VALUES (?, ?)', num, key)
  }

  getTopic(num: bigint): TopicRow | undefined {
    const row = this.#get('SELECT * FROM topics WHERE num = ?', num)
    if (!row) return undefined
    return {
      num: row.num as bigint,
      memo: row.memo as string,
      adminKey: (row.admin_key as Uint8Array | null) ?? null,
      submitKey: (row.submit_key as Uint8Array | null) ?? null,
      autoRenewAccount: (row.auto_renew_account as bigint | null) ?? null,
      autoRenewPeriodSeconds: row.auto_renew_period_s as bigint,
      createdNs: row.created_ns as bigint,
      sequenceNumber: row.sequence_number as bigint,
      runningHash: row.running_hash as Uint8Array,
    }
  }

  insertTopic(topic: TopicRow): void {
    this.#run(
      `INSERT INTO topics (num, memo, admin_key, submit_key, auto_renew_account, auto_renew_period_s, created_ns,
         sequence_number, running_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      topic.num,
      topic.memo,
      topic.adminKey,
      topic.submitKey,
      topic.autoRenewAccount,
      topic.autoRenewPeriodSeconds,
      topic.createdNs,
      topic.sequenceNumber,
      topic.runningHash,
    )
  }

  /** Appends a message and advances its topic's head in the same statement batch. */
  appendMessage(message: MessageRow): void {
    this.#run(
      `INSERT INTO topic_messages (topic_num, sequence_number, consensus_ns, payer_num, message, running_hash,
         chunk_number, chunk_total, initial_transaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      message.topicNum,
      message.sequenceNumber,
      message.consensusNs,
      message.payerNum,
      message.message,
      message.runningHash,
      message.chunk?.number ?? null,
      message.chunk?.total ?? null,
      message.chunk?.initialTransactionId ?? null,
    )
    this.#run(
      'UPDATE topics SET sequence_number = ?, running_hash = ? WHERE num = ?',
      message.sequenceNumber,
      message.runningHash,
      message.topicNum,
    )
  }

  getMessage(topicNum: bigint, sequenceNumber: bigint): MessageRow | undefined {
    const row = this.#get(
      'SELECT * FROM topic_messages WHERE topic_num = ? AND sequence_number = ?',
      topicNum,
      sequenceNumber,
    )
    return row ? toMessageRow(row) : undefined
  }

  listMessages(query: MessageQuery): MessageRow[] {
    const where = ['topic_num = ?']
    const params: SQLInputValue[] = [query.topicNum]
    for (const c of query.sequenceNumber) {
      where.push(`sequence_number ${SQL_OPERATOR[c.op]} ?`)
      params.push(c.value)
    }
    for (const c of query.consensusNs) {
      where.push(`consensus_ns ${SQL_OPERATOR[c.op]} ?`)
      params.push(c.value)
    }
    const direction = query.order === 'desc' ? 'DESC' : 'ASC'
    const sql = `SELECT * FROM topic_messages WHERE ${where.join(' AND ')} ORDER BY sequence_number ${direction} LIMIT ?`
    params.push(query.limit)
    return this.#statement(sql)
      .all(...params)
      .map((row) => toMessageRow(row))
  }

  hasTransaction(transactionId: string): boolean {
    return (
      this.#get('SELECT 1 AS found FROM transactions WHERE transaction_id = ?', transactionId) !== undefined
    )
  }

  /** The encoded `proto.TransactionRecord` of a transaction that reached consensus. */
  getRecord(transactionId: string): Uint8Array | undefined {
    const row = this.#get('SELECT record FROM transactions WHERE transaction_id = ?', transactionId)
    return row ? (row.record as Uint8Array) : undefined
  }

  putTransaction(transactionId: string, consensusNs: bigint, status: number, record: Uint8Array): void {
    this.#run(
      'INSERT INTO transactions (transaction_id, consensus_ns, status, record) VALUES (?, ?, ?, ?)',
      transactionId,
      consensusNs,
      status,
      record,
    )
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#db.prepare(sql)
      statement.setReadBigInts(true)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  #get(sql: string, ...params: SQLInputValue[]): Record<string, unknown> | undefined {
    return this.#statement(sql).get(...params) as Record<string, unknown> | undefined
  }

  #run(sql: string, ...params: SQLInputValue[]): void {
    this.#statement(sql).run(...params)
  }
}

function toMessageRow(row: Record<string, unknown>): MessageRow {
  const chunkNumber = row.chunk_number as bigint | null
  return {
    topicNum: row.topic_num as bigint,
    sequenceNumber: row.sequence_number as bigint,
    consensusNs: row.consensus_ns as bigint,
    payerNum: row.payer_num as bigint,
    message: row.message as Uint8Array,
    runningHash: row.running_hash as Uint8Array,
    chunk:
      chunkNumber === null
        ? null
        : {
            number: Number(chunkNumber),
            total: Number(row.chunk_total as bigint),
            initialTransactionId: row.initial_transaction_id as Uint8Array,
          },
  }
}
