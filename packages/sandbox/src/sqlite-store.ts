// The SQLite store (one process; the default). Requests run one transaction at a time, each in
// a savepoint of a transaction shared by the event-loop turn (group commit), so SQLite stays as
// fast as it was synchronous: the promises it returns are already settled.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  type Ancestor,
  type Durability,
  type IssuedToken,
  type ListQuery,
  type NewItem,
  type RateLimiter,
  type Store,
  StoreUnavailableError,
  type StoredItem,
  type StoreWriter,
  type ThrottleOptions,
  type TokenKind,
  type ValueQuery,
} from './store.js';
import { TokenBuckets } from './throttle.js';

interface ItemRow {
  seq: number;
  id: string;
  collection: string;
  parent_id: string;
  org_id: string;
  body: string;
}

const SCHEMA_VERSION = '3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  collection TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_by_parent ON items (collection, parent_id, seq);
CREATE TABLE IF NOT EXISTS ancestors (
  seq INTEGER NOT NULL,
  collection TEXT NOT NULL,
  ancestor_id TEXT NOT NULL,
  PRIMARY KEY (seq, collection)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_values (
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (field, value, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS access_tokens (
  token TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS room_retrieve_tokens (
  token TEXT PRIMARY KEY,
  app_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

function toItem(row: ItemRow): StoredItem {
  return {
    seq: row.seq,
    id: row.id,
    collection: row.collection,
    parentId: row.parent_id,
    organizationId: row.org_id,
    fields: JSON.parse(row.body) as Record<string, unknown>,
  };
}

/** A page's row: seq, id, the one of parent_id and org_id the query does not fix, body. */
type PageRow = [number, string, string, string];

/** How many pages are remembered between writes (see SqliteStore.pages). */
const REMEMBERED_PAGES = 256;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function pageItem(
  seq: number,
  id: string,
  collection: string,
  parentId: string,
  organizationId: string,
  body: string,
): StoredItem {
  return deepFreeze({
    seq,
    id,
    collection,
    parentId,
    organizationId,
    fields: JSON.parse(body) as Record<string, unknown>,
  });
}

const TOKEN_TABLES: Record<TokenKind, { table: string; subject: string }> = {
  lwa: { table: 'access_tokens', subject: 'org_id' },
  'room-retrieve': { table: 'room_retrieve_tokens', subject: 'app_id' },
};

const resolved = Promise.resolve();

/**
 * SQLite's answers that mean the file is out of reach for now rather than a bug: another process
 * holds a lock past busy_timeout (a backup, a second sandbox on the file), an I/O error, a full
 * disk, a file that cannot be opened. The request is answered as a lost database is.
 */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|CANTOPEN|FULL|PROTOCOL)/;

function storeError(e: unknown): unknown {
  return e instanceof Database.SqliteError && UNAVAILABLE.test(e.code) ? new StoreUnavailableError(e) : e;
}

/** What a read of SQLite gives, as a settled promise: rejected with StoreUnavailableError where it is out of reach. */
function settle<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (e) {
    return Promise.reject(storeError(e));
  }
}

export class SqliteStore implements Store, StoreWriter {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly stmt;
  private readonly tokenStmt;
  private readonly checkpointer: Worker | undefined;

  constructor(
    readonly location: string,
    durability: Durability = 'normal',
  ) {
    const path = location;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses nothing when the process dies (SIGKILL); FULL also survives a
    // power cut at the cost of an fsync per commit.
    this.db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const version = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema_version') as
      string | undefined;
    if (version === undefined) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema_version', SCHEMA_VERSION);
    } else if (version !== SCHEMA_VERSION) {
      throw new Error(
        `Database ${path} has schema version ${version}; this sandbox needs ${SCHEMA_VERSION}. Use another --db file.`,
      );
    }
    this.stmt = {
      getItem: this.db.prepare<[string], ItemRow>(
        'SELECT seq, id, collection, parent_id, org_id, body FROM items WHERE id = ?',
      ),
      insertItem: this.db.prepare(
        'INSERT INTO items (id, collection, parent_id, org_id, body) VALUES (@id, @collection, @parentId, @organizationId, @body)',
      ),
      insertAncestor: this.db.prepare('INSERT INTO ancestors (seq, collection, ancestor_id) VALUES (?, ?, ?)'),
      ancestors: this.db.prepare<[number], { collection: string; ancestor_id: string }>(
        'SELECT collection, ancestor_id FROM ancestors WHERE seq = ?',
      ),
      updateBody: this.db.prepare('UPDATE items SET body = ? WHERE id = ?'),
      deleteItem: this.db.prepare('DELETE FROM items WHERE seq = ?'),
      deleteAncestors: this.db.prepare('DELETE FROM ancestors WHERE seq = ?'),
      hasChildren: this.db
        .prepare<[string, string]>('SELECT 1 FROM items WHERE collection = ? AND parent_id = ? LIMIT 1')
        .pluck(),
      // Pages are the hot read path (a list is a page of them), so: the columns the WHERE clause
      // does not already fix, as arrays (raw) rather than objects; and LIMIT CAST(? AS INTEGER),
      // since SQLite plans with the value of a bare `LIMIT ?` and so prepares the statement again
      // at every binding (about half the cost of a page of 12, measured).
      pageByParent: this.db
        .prepare<[string, string, number, number], PageRow>(
          'SELECT seq, id, org_id, body FROM items WHERE collection = ? AND parent_id = ? AND seq > ? ORDER BY seq LIMIT CAST(? AS INTEGER)',
        )
        .raw(),
      pageByOrg: this.db
        .prepare<[string, string, number, number], PageRow>(
          'SELECT seq, id, parent_id, body FROM items WHERE collection = ? AND org_id = ? AND seq > ? ORDER BY seq LIMIT CAST(? AS INTEGER)',
        )
        .raw(),
      insertValue: this.db.prepare('INSERT OR IGNORE INTO item_values (seq, field, value) VALUES (?, ?, ?)'),
      deleteValue: this.db.prepare('DELETE FROM item_values WHERE seq = ? AND field = ? AND value = ?'),
      // Looked up by value first: a property may hold thousands of rooms, but few share a name.
      valueTaken: this.db
        .prepare<[string, string, string, string, string, string]>(
          `SELECT 1 FROM item_values v
           JOIN items i ON i.seq = v.seq
           JOIN ancestors a ON a.seq = v.seq AND a.collection = ? AND a.ancestor_id = ?
           WHERE v.field = ? AND v.value = ? AND i.collection = ? AND i.id <> ? LIMIT 1`,
        )
        .pluck(),
      // Changes when another connection (another process on this file) commits.
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
      getMeta: this.db.prepare<[string]>('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      savepoint: this.db.prepare('SAVEPOINT request'),
      release: this.db.prepare('RELEASE request'),
      rollbackTo: this.db.prepare('ROLLBACK TO request'),
    };
    const tokenStatements = ({ table, subject }: { table: string; subject: string }) => ({
      save: this.db.prepare(`INSERT OR REPLACE INTO ${table} (token, ${subject}, expires_at) VALUES (?, ?, ?)`),
      get: this.db.prepare<[string], { subject: string; expires_at: number }>(
        `SELECT ${subject} AS subject, expires_at FROM ${table} WHERE token = ?`,
      ),
      purge: this.db.prepare(`DELETE FROM ${table} WHERE expires_at < ?`),
    });
    this.tokenStmt = {
      lwa: tokenStatements(TOKEN_TABLES.lwa),
      'room-retrieve': tokenStatements(TOKEN_TABLES['room-retrieve']),
    };
    const worker = new URL('./checkpointer.js', import.meta.url);
    // Only the built package has the worker's .js (tests running the .ts sources do not).
    if (path !== ':memory:' && path !== '' && existsSync(worker)) {
      // The worker checkpoints; the writer only steps in if the WAL grows past ~80 MB.
      this.db.pragma('wal_autocheckpoint = 20000');
      this.db.pragma('journal_size_limit = 67108864');
      this.checkpointer = new Worker(worker, { workerData: { path, intervalMs: 250 } });
      this.checkpointer.on('error', () => this.db.open && this.db.pragma('wal_autocheckpoint = 1000'));
      this.checkpointer.unref();
    }
  }

  /**
   * Pages read since the items last changed, by query: a list asked again (a pipeline polling
   * it) is not read and parsed again. Any write of an item through this store, a rolled-back
   * one, or a commit by another connection (PRAGMA data_version) forgets them all. Frozen, so
   * that no caller can change what the next one reads.
   */
  private readonly pages = new Map<string, readonly StoredItem[]>();
  private pagesVersion = -1;

  private batch: { committed: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  /** The transaction running now; the next one waits for it (one connection, one writer). */
  private running: Promise<unknown> | undefined;
  /** The batch's commit came due while a transaction was running: commit when it ends. */
  private commitDue = false;

  /**
   * Group commit: the transactions of one event-loop turn share one SQLite transaction (each in
   * its own savepoint), committed before the turn ends, or when the transaction running then
   * ends. Nothing is acknowledged before that commit: callers answer only once settled() resolves.
   */
  async transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.runOne(fn);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
      if (this.commitDue && !this.running) this.commitBatch();
    }
  }

  private async runOne<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    if (!this.batch) {
      try {
        this.stmt.begin.run();
      } catch (e) {
        throw storeError(e);
      }
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      committed.catch(() => undefined); // a failed commit is reported to each waiting request
      this.batch = { committed, resolve, reject };
      setImmediate(() => (this.running ? (this.commitDue = true) : this.commitBatch()));
    }
    this.stmt.savepoint.run();
    try {
      const result = await fn(this);
      this.stmt.release.run();
      return result;
    } catch (e) {
      this.stmt.rollbackTo.run();
      this.stmt.release.run();
      this.pages.clear();
      throw e;
    }
  }

  private commitBatch(): void {
    this.commitDue = false;
    const batch = this.batch;
    if (!batch) return;
    this.batch = undefined;
    try {
      this.stmt.commit.run();
      batch.resolve();
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.pages.clear();
      batch.reject(storeError(e));
    }
  }

  settled(): Promise<void> {
    return this.batch ? this.batch.committed : resolved;
  }

  /** One connection runs one transaction at a time: nothing to lock. */
  lock(): Promise<void> {
    return resolved;
  }

  // The hot reads catch in place rather than through settle(): one call site each keeps them inlined.
  getItem(id: string): Promise<StoredItem | undefined> {
    let row: ItemRow | undefined;
    try {
      row = this.stmt.getItem.get(id);
    } catch (e) {
      return Promise.reject(storeError(e));
    }
    return Promise.resolve(row ? toItem(row) : undefined);
  }

  ancestorsOf(item: StoredItem): Promise<Ancestor[]> {
    return settle(() =>
      this.stmt.ancestors.all(item.seq).map((r) => ({ collection: r.collection, id: r.ancestor_id })),
    );
  }

  insertItem(item: NewItem): Promise<number> {
    this.pages.clear();
    const info = this.stmt.insertItem.run({ ...item, body: JSON.stringify(item.fields) });
    const seq = Number(info.lastInsertRowid);
    for (const a of item.ancestors) this.stmt.insertAncestor.run(seq, a.collection, a.id);
    this.indexValues(seq, item.fields);
    return Promise.resolve(seq);
  }

  /** Keeps the string top-level fields searchable, for rules such as unique names. */
  private indexValues(seq: number, fields: Record<string, unknown>, statement = this.stmt.insertValue): void {
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value === 'string') statement.run(seq, field, value);
    }
  }

  updateFields(item: StoredItem, fields: Record<string, unknown>, reindex = true): Promise<void> {
    this.pages.clear();
    this.stmt.updateBody.run(JSON.stringify(fields), item.id);
    if (reindex) {
      this.indexValues(item.seq, item.fields, this.stmt.deleteValue);
      this.indexValues(item.seq, fields);
    }
    return resolved;
  }

  deleteItem(item: StoredItem): Promise<void> {
    this.pages.clear();
    this.indexValues(item.seq, item.fields, this.stmt.deleteValue);
    this.stmt.deleteAncestors.run(item.seq);
    this.stmt.deleteItem.run(item.seq);
    return resolved;
  }

  hasChildren(collection: string, parentId: string): Promise<boolean> {
    return settle(() => this.stmt.hasChildren.get(collection, parentId) !== undefined);
  }

  all(q: ListQuery): Promise<StoredItem[]> {
    return this.page({ ...q, afterSeq: 0, limit: -1 });
  }

  page(q: ListQuery & { afterSeq: number; limit: number }): Promise<StoredItem[]> {
    return settle(() => this.readPage(q));
  }

  private readPage(q: ListQuery & { afterSeq: number; limit: number }): StoredItem[] {
    const { collection, parentId, organizationId, afterSeq, limit } = q;
    const version = this.stmt.dataVersion.get()!;
    if (version !== this.pagesVersion) {
      this.pages.clear();
      this.pagesVersion = version;
    }
    const key = JSON.stringify([collection, parentId ?? null, organizationId, afterSeq, limit]);
    let items = this.pages.get(key);
    if (items === undefined) {
      // The columns the query fixes (the WHERE clause's equalities) are taken from it, not read.
      items =
        parentId === undefined
          ? this.stmt.pageByOrg
              .all(collection, organizationId, afterSeq, limit)
              .map(([seq, id, parent, body]) => pageItem(seq, id, collection, parent, organizationId, body))
          : this.stmt.pageByParent
              .all(collection, parentId, afterSeq, limit)
              .map(([seq, id, org, body]) => pageItem(seq, id, collection, parentId, org, body));
      if (this.pages.size >= REMEMBERED_PAGES) this.pages.clear();
      this.pages.set(key, items);
    }
    return [...items];
  }

  valueTaken(q: ValueQuery): Promise<boolean> {
    return settle(
      () => this.stmt.valueTaken.get(q.scope, q.scopeId, q.field, q.value, q.collection, q.excludeId) !== undefined,
    );
  }

  /** A random secret kept in the database, so pagination tokens survive restarts. */
  secret(key: string): Promise<Buffer> {
    const existing = this.stmt.getMeta.get(key) as string | undefined;
    if (existing) return Promise.resolve(Buffer.from(existing, 'base64'));
    const fresh = randomBytes(32);
    this.stmt.setMeta.run(key, fresh.toString('base64'));
    return Promise.resolve(fresh);
  }

  saveToken(kind: TokenKind, token: string, issued: IssuedToken, nowMs: number): Promise<void> {
    const s = this.tokenStmt[kind];
    return this.transaction(() => {
      s.purge.run(nowMs);
      s.save.run(token, issued.subject, issued.expiresAtMs);
      return resolved;
    });
  }

  token(kind: TokenKind, token: string): Promise<IssuedToken | undefined> {
    let row: { subject: string; expires_at: number } | undefined;
    try {
      row = this.tokenStmt[kind].get.get(token);
    } catch (e) {
      return Promise.reject(storeError(e));
    }
    return Promise.resolve(row ? { subject: row.subject, expiresAtMs: row.expires_at } : undefined);
  }

  /** One process: the buckets live in memory. */
  rateLimiter(options: ThrottleOptions, now: () => number): RateLimiter {
    const buckets = new TokenBuckets(options, now);
    return { take: (caller) => Promise.resolve(buckets.take(caller)) };
  }

  async close(): Promise<void> {
    await this.settled().catch(() => undefined);
    if (this.checkpointer) {
      const stopped = new Promise<void>((resolve) => {
        this.checkpointer!.once('exit', () => resolve());
        this.checkpointer!.once('message', () => resolve());
      });
      this.checkpointer.postMessage('stop');
      await stopped;
    }
    // Closing the last connection checkpoints what is left of the WAL.
    if (this.db.open) this.db.close();
  }
}
