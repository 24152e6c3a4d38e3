// SQLite storage for the hospitality resources. It knows collections, parents and ancestors,
// never which collections exist: those come from the spec's x-roomkit-resources.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export type Durability = 'normal' | 'full';

export interface StoredItem {
  seq: number;
  id: string;
  collection: string;
  parentId: string;
  organizationId: string;
  fields: Record<string, unknown>;
}

export interface NewItem {
  id: string;
  collection: string;
  parentId: string;
  organizationId: string;
  fields: Record<string, unknown>;
  /** Every enclosing resource, nearest last: what scoped rules (unique per property) look up. */
  ancestors: { collection: string; id: string }[];
}

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

export class Store {
  readonly db: Database.Database;
  private readonly stmt;
  // Built once: wrapping a function with db.transaction() costs more than a small write.
  private readonly runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  private readonly checkpointer: Worker | undefined;

  constructor(path: string, durability: Durability = 'normal') {
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
    this.runInTransaction = this.db.transaction((fn: () => unknown) => fn());
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
      pageByParent: this.db.prepare<[string, string, number, number], ItemRow>(
        'SELECT seq, id, collection, parent_id, org_id, body FROM items WHERE collection = ? AND parent_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      pageByOrg: this.db.prepare<[string, string, number, number], ItemRow>(
        'SELECT seq, id, collection, parent_id, org_id, body FROM items WHERE collection = ? AND org_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
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
      getMeta: this.db.prepare<[string]>('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      saveToken: this.db.prepare('INSERT OR REPLACE INTO access_tokens (token, org_id, expires_at) VALUES (?, ?, ?)'),
      getToken: this.db.prepare<[string], { org_id: string; expires_at: number }>(
        'SELECT org_id, expires_at FROM access_tokens WHERE token = ?',
      ),
      purgeTokens: this.db.prepare('DELETE FROM access_tokens WHERE expires_at < ?'),
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

  private batch: { committed: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  /**
   * Runs fn atomically: its checks and writes see no interleaving, and a throw undoes them.
   * Group commit: the writes of one event-loop turn share one transaction (each in its own
   * savepoint), committed before the turn ends. Nothing is acknowledged before that commit:
   * callers answer only once settled() resolves.
   */
  transaction<T>(fn: () => T): T {
    if (!this.batch) {
      this.db.exec('BEGIN IMMEDIATE');
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const committed = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      committed.catch(() => undefined); // a failed commit is reported to each waiting request
      this.batch = { committed, resolve, reject };
      setImmediate(() => this.commitBatch());
    }
    return this.runInTransaction(fn) as T;
  }

  private commitBatch(): void {
    const batch = this.batch!;
    this.batch = undefined;
    try {
      this.db.exec('COMMIT');
      batch.resolve();
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      batch.reject(e);
    }
  }

  /** Resolves once every write made so far is committed (at once when none is pending). */
  settled(): Promise<void> {
    return this.batch ? this.batch.committed : Promise.resolve();
  }

  getItem(id: string): StoredItem | undefined {
    const row = this.stmt.getItem.get(id);
    return row ? toItem(row) : undefined;
  }

  ancestorsOf(item: StoredItem): { collection: string; id: string }[] {
    return this.stmt.ancestors.all(item.seq).map((r) => ({ collection: r.collection, id: r.ancestor_id }));
  }

  insertItem(item: NewItem): number {
    const info = this.stmt.insertItem.run({ ...item, body: JSON.stringify(item.fields) });
    const seq = Number(info.lastInsertRowid);
    for (const a of item.ancestors) this.stmt.insertAncestor.run(seq, a.collection, a.id);
    this.indexValues(seq, item.fields);
    return seq;
  }

  /** Keeps the string top-level fields searchable, for rules such as unique names. */
  private indexValues(seq: number, fields: Record<string, unknown>, statement = this.stmt.insertValue): void {
    for (const [field, value] of Object.entries(fields)) {
      if (typeof value === 'string') statement.run(seq, field, value);
    }
  }

  /** reindex false keeps the values of the old fields searchable instead of the new ones. */
  updateFields(item: StoredItem, fields: Record<string, unknown>, reindex = true): void {
    this.stmt.updateBody.run(JSON.stringify(fields), item.id);
    if (!reindex) return;
    this.indexValues(item.seq, item.fields, this.stmt.deleteValue);
    this.indexValues(item.seq, fields);
  }

  deleteItem(item: StoredItem): void {
    this.indexValues(item.seq, item.fields, this.stmt.deleteValue);
    this.stmt.deleteAncestors.run(item.seq);
    this.stmt.deleteItem.run(item.seq);
  }

  hasChildren(collection: string, parentId: string): boolean {
    return this.stmt.hasChildren.get(collection, parentId) !== undefined;
  }

  /** Every item of collection under parentId (or of the organization), in insertion order. */
  all(q: { collection: string; parentId?: string; organizationId: string }): StoredItem[] {
    return this.page({ ...q, afterSeq: 0, limit: -1 });
  }

  /** Up to limit items after seq, in insertion order: keyset pages stay stable under writes. */
  page(q: {
    collection: string;
    parentId?: string;
    organizationId: string;
    afterSeq: number;
    limit: number;
  }): StoredItem[] {
    const rows =
      q.parentId === undefined
        ? this.stmt.pageByOrg.all(q.collection, q.organizationId, q.afterSeq, q.limit)
        : this.stmt.pageByParent.all(q.collection, q.parentId, q.afterSeq, q.limit);
    return rows.map(toItem);
  }

  /** Whether another item of collection inside the given ancestor has field = value. */
  valueTaken(q: {
    collection: string;
    field: string;
    value: string;
    scope: string;
    scopeId: string;
    excludeId: string;
  }): boolean {
    return this.stmt.valueTaken.get(q.scope, q.scopeId, q.field, q.value, q.collection, q.excludeId) !== undefined;
  }

  /** A random secret kept in the database, so pagination tokens survive restarts. */
  secret(key: string): Buffer {
    const existing = this.stmt.getMeta.get(key) as string | undefined;
    if (existing) return Buffer.from(existing, 'base64');
    const fresh = randomBytes(32);
    this.stmt.setMeta.run(key, fresh.toString('base64'));
    return fresh;
  }

  saveAccessToken(token: string, organizationId: string, expiresAtMs: number): void {
    this.transaction(() => {
      this.stmt.purgeTokens.run(Date.now());
      this.stmt.saveToken.run(token, organizationId, expiresAtMs);
    });
  }

  accessToken(token: string): { organizationId: string; expiresAtMs: number } | undefined {
    const row = this.stmt.getToken.get(token);
    return row ? { organizationId: row.org_id, expiresAtMs: row.expires_at } : undefined;
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
