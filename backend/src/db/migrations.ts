import type { DatabaseSync } from 'node:sqlite'

/**
 * Versioned schema. Append only: a released migration never changes, a new version is added instead.
 * Addresses are stored lowercase; hashes and ids as 0x-hex; wei amounts as decimal strings; times as
 * unix milliseconds.
 */
export const MIGRATIONS: ReadonlyArray<{
  version: number
  name: string
  sql: string
  /**
   * The migration rebuilds a table others reference: it runs with foreign keys off and checks them all
   * before committing (SQLite's documented procedure for schema changes ALTER TABLE cannot make).
   */
  rebuildsTables?: boolean
}> = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE nonces (
        nonce TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        address TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        vendor TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        label_column TEXT NOT NULL,
        features_json TEXT NOT NULL,
        classes_json TEXT NOT NULL,
        rows INTEGER NOT NULL,
        commitment TEXT NOT NULL,
        byte_length INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        chain_id INTEGER,
        market TEXT,
        chain_dataset_id TEXT,
        linked_block TEXT,
        linked_tx TEXT,
        UNIQUE (vendor, commitment)
      );
      CREATE UNIQUE INDEX datasets_market ON datasets (chain_id, market) WHERE market IS NOT NULL;
      CREATE TABLE dataset_blobs (
        dataset_id INTEGER PRIMARY KEY REFERENCES datasets (id),
        key_id TEXT NOT NULL,
        iv BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        tag BLOB NOT NULL
      );
      CREATE TABLE quotes (
        id TEXT PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        customer TEXT NOT NULL,
        params_json TEXT NOT NULL,
        test_set BLOB NOT NULL,
        test_set_hash TEXT NOT NULL,
        threshold_bps INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        total INTEGER NOT NULL,
        model_hash TEXT NOT NULL,
        price_wei TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        market TEXT NOT NULL,
        job_id TEXT NOT NULL,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        quote_id TEXT NOT NULL REFERENCES quotes (id),
        customer TEXT NOT NULL,
        test_set_hash TEXT NOT NULL,
        threshold_bps INTEGER NOT NULL,
        price_wei TEXT NOT NULL,
        deadline INTEGER NOT NULL,
        opened_block TEXT NOT NULL,
        opened_tx TEXT NOT NULL,
        state TEXT NOT NULL,
        progress_json TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER NOT NULL,
        holder TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        model BLOB,
        model_hash TEXT,
        correct INTEGER,
        total INTEGER,
        met INTEGER,
        image_id TEXT,
        journal TEXT,
        receipt_path TEXT,
        prove_json TEXT,
        aggregation_json TEXT,
        settle_tx TEXT,
        settlement TEXT,
        timestamp_json TEXT,
        UNIQUE (chain_id, market, job_id)
      );
      CREATE INDEX jobs_runnable ON jobs (state, run_after);
      CREATE INDEX jobs_customer ON jobs (customer);
      CREATE TABLE job_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job INTEGER NOT NULL REFERENCES jobs (id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        note TEXT,
        at INTEGER NOT NULL
      );
      CREATE TABLE ignored_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        address TEXT NOT NULL,
        event TEXT NOT NULL,
        tx_hash TEXT NOT NULL,
        log_index INTEGER NOT NULL,
        reason TEXT NOT NULL,
        at INTEGER NOT NULL,
        UNIQUE (chain_id, tx_hash, log_index)
      );
      CREATE TABLE chain_cursors (
        name TEXT PRIMARY KEY,
        next_block TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    // Rebuilds `jobs` (SQLite cannot drop a constraint): quote_id loses its foreign key, because a paid
    // job whose quote is unknown is now recorded (and refunded on-chain) instead of ignored. Adds the
    // terms bound at openJob, error codes and the per-step results of issue 9.
    name: 'jobs: bound terms, per-step results, error codes, refunds',
    rebuildsTables: true,
    sql: `
      CREATE TABLE jobs_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        market TEXT NOT NULL,
        job_id TEXT NOT NULL,
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        quote_id TEXT NOT NULL,
        customer TEXT NOT NULL,
        test_set_hash TEXT NOT NULL,
        threshold_bps INTEGER NOT NULL,
        price_wei TEXT NOT NULL,
        deadline INTEGER NOT NULL,
        opened_block TEXT NOT NULL,
        opened_tx TEXT NOT NULL,
        state TEXT NOT NULL,
        progress_json TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER NOT NULL,
        holder TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        model BLOB,
        model_hash TEXT,
        correct INTEGER,
        total INTEGER,
        met INTEGER,
        image_id TEXT,
        journal TEXT,
        receipt_path TEXT,
        prove_json TEXT,
        aggregation_json TEXT,
        settle_tx TEXT,
        settlement TEXT,
        timestamp_json TEXT,
        params_hash TEXT,
        model_commitment TEXT,
        quote_expires_at INTEGER,
        verifier_id INTEGER,
        error_code TEXT,
        verify_submission_json TEXT,
        settle_outcome_json TEXT,
        refund_reason INTEGER,
        refund_tx TEXT,
        refund_status TEXT,
        attest_pending_json TEXT,
        UNIQUE (chain_id, market, job_id)
      );
      INSERT INTO jobs_v2 (id, chain_id, market, job_id, dataset_id, quote_id, customer, test_set_hash,
        threshold_bps, price_wei, deadline, opened_block, opened_tx, state, progress_json, error, attempts,
        run_after, holder, lease_expires_at, created_at, updated_at, model, model_hash, correct, total, met,
        image_id, journal, receipt_path, prove_json, aggregation_json, settle_tx, settlement, timestamp_json)
      SELECT id, chain_id, market, job_id, dataset_id, quote_id, customer, test_set_hash,
        threshold_bps, price_wei, deadline, opened_block, opened_tx, state, progress_json, error, attempts,
        run_after, holder, lease_expires_at, created_at, updated_at, model, model_hash, correct, total, met,
        image_id, journal, receipt_path, prove_json, aggregation_json, settle_tx, settlement, timestamp_json
      FROM jobs;
      DROP TABLE jobs;
      ALTER TABLE jobs_v2 RENAME TO jobs;
      CREATE INDEX jobs_runnable ON jobs (state, run_after);
      CREATE INDEX jobs_customer ON jobs (customer);
      `,
  },
  {
    version: 3,
    name: 'quote terms and preview budgets',
    sql: `
      -- What openJob's JobTerms carry beyond the test set: the training parameters' hash, the model
      -- commitment (keccak256(model_hash ‖ model_salt)) and the quote's expiry in unix seconds.
      -- The salt stays here, secret, until settle opens the commitment.
      ALTER TABLE quotes ADD COLUMN params_hash TEXT;
      ALTER TABLE quotes ADD COLUMN model_salt TEXT;
      ALTER TABLE quotes ADD COLUMN model_commitment TEXT;
      ALTER TABLE quotes ADD COLUMN quote_expires_at INTEGER;
      CREATE INDEX quotes_expiry ON quotes (expires_at);
      CREATE INDEX jobs_quote ON jobs (quote_id);
      -- One row per admitted preview, kept for the budget window (24 h), then swept.
      CREATE TABLE preview_charges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        wallet TEXT NOT NULL,
        dataset_id INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX preview_charges_wallet ON preview_charges (wallet, at);
      CREATE INDEX preview_charges_dataset ON preview_charges (dataset_id, at);
    `,
  },
  {
    version: 4,
    name: 'journal formats (issue 10)',
    sql: `
      -- The journal formats whose receipt fits zkVerify's limits for the quote, as a JSON array
      -- (e.g. [1,2]); rows written before read as [1], the only format there was.
      ALTER TABLE quotes ADD COLUMN journal_formats_json TEXT;
      -- JobTerms.journalFormat as recorded from JobOpened; jobs recorded before read as format 1.
      ALTER TABLE jobs ADD COLUMN journal_format INTEGER;
    `,
  },
  {
    version: 5,
    name: 'inference feeds (issue 12)',
    sql: `
      -- A model a customer bought (a job settled with met = true) listed for sale per prediction
      -- (DatasetFactory.FeedCreated). The model itself stays in the sale's job row; only its hash is here.
      CREATE TABLE feeds (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chain_id INTEGER NOT NULL,
        address TEXT NOT NULL,
        market TEXT NOT NULL,
        sale_job_id TEXT NOT NULL,
        job INTEGER NOT NULL REFERENCES jobs (id),
        dataset_id INTEGER NOT NULL REFERENCES datasets (id),
        owner TEXT NOT NULL,
        model_hash TEXT NOT NULL,
        price_wei TEXT NOT NULL,
        royalty_bps INTEGER NOT NULL,
        created_block TEXT NOT NULL,
        created_tx TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (chain_id, address),
        UNIQUE (chain_id, market, sale_job_id)
      );
      -- Canonical input rows uploaded for a feed, found again by their hash when a request names it.
      -- Stored like test sets (the consumer's own data); never served back.
      CREATE TABLE feed_inputs (
        feed INTEGER NOT NULL REFERENCES feeds (id),
        inputs_hash TEXT NOT NULL,
        uploader TEXT NOT NULL,
        rows INTEGER NOT NULL,
        inputs BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (feed, inputs_hash)
      );
      -- A paid request (InferenceFeed.PredictionsRequested) and its pipeline, like a job's.
      CREATE TABLE feed_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        feed INTEGER NOT NULL REFERENCES feeds (id),
        request_id TEXT NOT NULL UNIQUE,
        customer TEXT NOT NULL,
        inputs_hash TEXT NOT NULL,
        count INTEGER NOT NULL,
        price_wei TEXT NOT NULL,
        deadline INTEGER NOT NULL,
        verifier_id INTEGER NOT NULL,
        opened_block TEXT NOT NULL,
        opened_tx TEXT NOT NULL,
        state TEXT NOT NULL,
        progress_json TEXT,
        error TEXT,
        error_code TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_after INTEGER NOT NULL,
        holder TEXT,
        lease_expires_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        image_id TEXT,
        journal TEXT,
        predictions TEXT,
        receipt_path TEXT,
        prove_json TEXT,
        verify_submission_json TEXT,
        aggregation_json TEXT,
        settle_tx TEXT,
        settle_outcome_json TEXT,
        refund_reason INTEGER,
        refund_tx TEXT,
        refund_status TEXT,
        attest_pending_json TEXT,
        timestamp_json TEXT
      );
      CREATE INDEX feed_requests_runnable ON feed_requests (state, run_after);
      CREATE INDEX feed_requests_feed ON feed_requests (feed, id);
      CREATE INDEX feed_requests_inputs ON feed_requests (feed, inputs_hash);
      CREATE TABLE feed_request_transitions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request INTEGER NOT NULL REFERENCES feed_requests (id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        note TEXT,
        at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'feed owner state, inputs quota and sweep',
    sql: `
      -- The feed's current state, from its PriceUpdated / AcceptingRequestsUpdated events (price_wei,
      -- the listing price until then, now follows PriceUpdated too). A clone starts accepting requests.
      ALTER TABLE feeds ADD COLUMN accepting_requests INTEGER NOT NULL DEFAULT 1;
      -- 0 for feeds recorded before this migration: their owner may have changed them in blocks the
      -- watcher already read, so it reads their state from the chain once (chain/watcher.ts).
      ALTER TABLE feeds ADD COLUMN state_known INTEGER NOT NULL DEFAULT 0;
      -- Each wallet's stored inputs (the per-wallet quota), and the oldest first (the sweep).
      CREATE INDEX feed_inputs_uploader ON feed_inputs (uploader, created_at);
      CREATE INDEX feed_inputs_created ON feed_inputs (created_at);
    `,
  },
]

/**
 * Brings a database up to the newest schema version, one transaction per migration.
 * Refuses a database written by a newer version of the service.
 */
export function migrate(db: DatabaseSync): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  )
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null
  }
  const current = row.version ?? 0
  const newest = MIGRATIONS.at(-1)?.version ?? 0
  if (current > newest) {
    throw new Error(
      `database schema version ${current} is newer than this service understands (${newest}); upgrade the service`,
    )
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched before BEGIN.
    const foreignKeys = (db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys
    if (migration.rebuildsTables) db.exec('PRAGMA foreign_keys = OFF')
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration.sql)
      if (migration.rebuildsTables) {
        const broken = db.prepare('PRAGMA foreign_key_check').all()
        if (broken.length > 0)
          throw new Error(`migration ${migration.version} broke foreign keys: ${JSON.stringify(broken)}`)
      }
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      )
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    } finally {
      if (migration.rebuildsTables && foreignKeys) db.exec('PRAGMA foreign_keys = ON')
    }
  }
  return newest
}
