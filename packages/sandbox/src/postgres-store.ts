// The PostgreSQL store: any number of sandbox replicas on one database. Every rule that must
// hold across replicas is the database's to enforce, never a process's: writes run in
// transactions that take advisory locks before they read what they check (a create's parent:
// shared; the item updated or deleted, and a unique name's value in its scope: exclusive), and
// pagination secrets, access tokens and throttling buckets are rows every replica reads. Migrations are applied at start, under a lock, so two
// replicas starting at once apply them once.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  checkThrottleOptions,
  StoreUnavailableError,
  type Ancestor,
  type IssuedToken,
  type ListQuery,
  type NewItem,
  type RateLimiter,
  type Store,
  type StoredItem,
  type StoreWriter,
  type ThrottleOptions,
  type TokenKind,
  type ValueQuery,
} from './store.js';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each once; a database migrated by a newer sandbox is refused. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'items, ancestors, indexed values, tokens, throttling',
    sql: `
CREATE TABLE roomkit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE roomkit_items (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  collection TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  org_id TEXT NOT NULL,
  -- text, not jsonb: the fields keep the order they were written in
  body TEXT NOT NULL
);
CREATE INDEX roomkit_items_by_parent ON roomkit_items (collection, parent_id, seq);
CREATE INDEX roomkit_items_by_org ON roomkit_items (collection, org_id, seq);
CREATE TABLE roomkit_ancestors (
  seq BIGINT NOT NULL REFERENCES roomkit_items (seq) ON DELETE CASCADE,
  depth INTEGER NOT NULL,
  collection TEXT NOT NULL,
  ancestor_id TEXT NOT NULL,
  PRIMARY KEY (seq, depth)
);
CREATE INDEX roomkit_ancestors_by_ancestor ON roomkit_ancestors (ancestor_id, collection);
CREATE TABLE roomkit_item_values (
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  seq BIGINT NOT NULL REFERENCES roomkit_items (seq) ON DELETE CASCADE,
  PRIMARY KEY (field, value, seq)
);
CREATE INDEX roomkit_item_values_by_seq ON roomkit_item_values (seq);
CREATE TABLE roomkit_access_tokens (
  kind TEXT NOT NULL,
  token TEXT NOT NULL,
  subject TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (kind, token)
);
CREATE INDEX roomkit_access_tokens_by_expiry ON roomkit_access_tokens (expires_at);
CREATE TABLE roomkit_throttle (
  caller TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_ms BIGINT NOT NULL,
  taken BOOLEAN NOT NULL
);
`,
  },
];

/** The advisory lock key migrations run under (any constant; "roomkit" in ASCII). */
const MIGRATION_LOCK = 0x726f6f6d6b6974;

interface ItemRow {
  seq: string;
  id: string;
  collection: string;
  parent_id: string;
  org_id: string;
  body: string;
}

const ITEM_COLUMNS = 'seq, id, collection, parent_id, org_id, body';

function toItem(row: ItemRow): StoredItem {
  return {
    seq: Number(row.seq),
    id: row.id,
    collection: row.collection,
    parentId: row.parent_id,
    organizationId: row.org_id,
    fields: JSON.parse(row.body) as Record<string, unknown>,
  };
}

/**
 * An indexed value as stored: its JSON text, because PostgreSQL's text holds no NUL character
 * and a name may contain one (JSON escapes it; equal strings stay equal).
 */
const storedValue = (value: string) => JSON.stringify(value);

/** The string top-level fields, which rules such as unique names look up. */
function indexed(fields: Record<string, unknown>): [string[], string[]] {
  const names: string[] = [];
  const values: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      names.push(field);
      values.push(storedValue(value));
    }
  }
  return [names, values];
}

/**
 * Whether an error means the database is out of reach (refused, dropped, shutting down) rather
 * than a mistake in a query: SQLSTATE classes 08 (connection exception) and 57P (operator
 * intervention), or no SQLSTATE at all (a socket error, a timeout).
 */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57P');
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** The ancestors read with an item (getItem), kept as long as the item object lives. */
const knownAncestors = new WeakMap<StoredItem, Ancestor[]>();

/** The reads and writes, over the pool (outside transactions) or one transaction's client. */
class Queries {
  constructor(protected readonly db: Queryable) {}

  protected async run<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    try {
      // Named: each connection prepares the statement once.
      return (await this.db.query<R>(name ? { name, text, values } : { text, values })).rows;
    } catch (e) {
      throw isConnectionError(e) ? new StoreUnavailableError(e) : e;
    }
  }

  async getItem(id: string): Promise<StoredItem | undefined> {
    // The item's ancestors come along (one round trip less for every write): they never change.
    const [row] = await this.run<ItemRow & { ancestors: [string, string][] }>(
      'get-item',
      `SELECT ${ITEM_COLUMNS}, (
         SELECT coalesce(json_agg(json_build_array(a.collection, a.ancestor_id) ORDER BY a.depth), '[]'::json)
         FROM roomkit_ancestors a WHERE a.seq = i.seq
       ) AS ancestors
       FROM roomkit_items i WHERE id = $1`,
      [id],
    );
    if (!row) return undefined;
    const item = toItem(row);
    knownAncestors.set(
      item,
      row.ancestors.map(([collection, ancestorId]) => ({ collection, id: ancestorId })),
    );
    return item;
  }

  async ancestorsOf(item: StoredItem): Promise<Ancestor[]> {
    const known = knownAncestors.get(item);
    if (known) return known;
    const rows = await this.run<{ collection: string; ancestor_id: string }>(
      'ancestors',
      'SELECT collection, ancestor_id FROM roomkit_ancestors WHERE seq = $1 ORDER BY depth',
      [item.seq],
    );
    return rows.map((r) => ({ collection: r.collection, id: r.ancestor_id }));
  }

  async hasChildren(collection: string, parentId: string): Promise<boolean> {
    const rows = await this.run(
      'has-children',
      'SELECT 1 FROM roomkit_items WHERE collection = $1 AND parent_id = $2 LIMIT 1',
      [collection, parentId],
    );
    return rows.length > 0;
  }

  all(q: ListQuery): Promise<StoredItem[]> {
    return this.page({ ...q, afterSeq: 0, limit: -1 });
  }

  async page(q: ListQuery & { afterSeq: number; limit: number }): Promise<StoredItem[]> {
    // LIMIT NULL is no limit.
    const limit = q.limit < 0 ? null : q.limit;
    const rows =
      q.parentId === undefined
        ? await this.run<ItemRow>(
            'page-by-org',
            `SELECT ${ITEM_COLUMNS} FROM roomkit_items WHERE collection = $1 AND org_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
            [q.collection, q.organizationId, q.afterSeq, limit],
          )
        : await this.run<ItemRow>(
            'page-by-parent',
            `SELECT ${ITEM_COLUMNS} FROM roomkit_items WHERE collection = $1 AND parent_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
            [q.collection, q.parentId, q.afterSeq, limit],
          );
    return rows.map(toItem);
  }

  async valueTaken(q: ValueQuery): Promise<boolean> {
    const rows = await this.run(
      'value-taken',
      `SELECT 1 FROM roomkit_item_values v
       JOIN roomkit_items i ON i.seq = v.seq
       JOIN roomkit_ancestors a ON a.seq = v.seq AND a.collection = $1 AND a.ancestor_id = $2
       WHERE v.field = $3 AND v.value = $4 AND i.collection = $5 AND i.id <> $6 LIMIT 1`,
      [q.scope, q.scopeId, q.field, storedValue(q.value), q.collection, q.excludeId],
    );
    return rows.length > 0;
  }
}

/** One transaction's reads and writes, on the connection that holds it. */
class Writer extends Queries implements StoreWriter {
  async command(sql: 'BEGIN' | 'COMMIT'): Promise<void> {
    await this.run('', sql, []);
  }

  async lock({ shared = [], exclusive = [] }: { shared?: readonly string[]; exclusive?: readonly string[] }) {
    const keys = [...shared, ...exclusive];
    if (keys.length === 0) return;
    // One statement; its target list is evaluated left to right, so keys lock in the order given.
    const calls = keys
      .map((_, i) => `pg_advisory_xact_lock${i < shared.length ? '_shared' : ''}(hashtextextended($${i + 1}, 0))`)
      .join(', ');
    await this.run(`lock-${shared.length}-${exclusive.length}`, `SELECT ${calls}`, keys);
  }

  async insertItem(item: NewItem): Promise<number> {
    const [fields, values] = indexed(item.fields);
    const [row] = await this.run<{ seq: string }>(
      'insert-item',
      `WITH i AS (
         INSERT INTO roomkit_items (id, collection, parent_id, org_id, body) VALUES ($1, $2, $3, $4, $5) RETURNING seq
       ), a AS (
         INSERT INTO roomkit_ancestors (seq, depth, collection, ancestor_id)
         SELECT i.seq, x.depth, x.collection, x.id FROM i, unnest($6::text[], $7::text[]) WITH ORDINALITY AS x(collection, id, depth)
       ), v AS (
         INSERT INTO roomkit_item_values (seq, field, value)
         SELECT i.seq, x.field, x.value FROM i, unnest($8::text[], $9::text[]) AS x(field, value)
         ON CONFLICT DO NOTHING
       )
       SELECT seq FROM i`,
      [
        item.id,
        item.collection,
        item.parentId,
        item.organizationId,
        JSON.stringify(item.fields),
        item.ancestors.map((a) => a.collection),
        item.ancestors.map((a) => a.id),
        fields,
        values,
      ],
    );
    return Number(row!.seq);
  }

  async updateFields(item: StoredItem, fields: Record<string, unknown>, reindex = true): Promise<void> {
    if (!reindex) {
      await this.run('update-body', 'UPDATE roomkit_items SET body = $2 WHERE seq = $1', [
        item.seq,
        JSON.stringify(fields),
      ]);
      return;
    }
    const [names, values] = indexed(fields);
    // The values that stay are kept (their insert does nothing), the others are removed. An item
    // another write deleted meanwhile changes nothing (as on SQLite), rather than breaking the
    // values' foreign key.
    await this.run(
      'update-item',
      `WITH u AS (
         UPDATE roomkit_items SET body = $4 WHERE seq = $1 RETURNING seq
       ), n AS (
         SELECT * FROM unnest($2::text[], $3::text[]) AS x(field, value)
       ), d AS (
         DELETE FROM roomkit_item_values v WHERE v.seq = $1
           AND NOT EXISTS (SELECT 1 FROM n WHERE n.field = v.field AND n.value = v.value)
       )
       INSERT INTO roomkit_item_values (seq, field, value) SELECT u.seq, field, value FROM u, n ON CONFLICT DO NOTHING`,
      [item.seq, names, values, JSON.stringify(fields)],
    );
  }

  async deleteItem(item: StoredItem): Promise<void> {
    // Its ancestors and indexed values go with it (ON DELETE CASCADE).
    await this.run('delete-item', 'DELETE FROM roomkit_items WHERE seq = $1', [item.seq]);
  }
}

/** Where a URL points, without its password. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

// Buckets idle this long (ms) are full again, as good as absent: every so many takes they are removed.
const PURGE_EVERY = 1000;

export class PostgresStore extends Queries implements Store {
  readonly kind = 'postgres';
  private takes = 0;

  private constructor(
    private readonly pool: pg.Pool,
    readonly location: string,
  ) {
    super(pool);
  }

  static async open(url: string, log: (line: string) => void): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: Number(process.env.ROOMKIT_SANDBOX_DB_POOL ?? 10),
      // A database that is down fails a request at once, not after the client's timeout.
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    // An idle connection the server dropped: the pool discards it and opens another when needed.
    pool.on('error', (e) => log(`[sandbox] PostgreSQL connection lost: ${e.message}`));
    const store = new PostgresStore(pool, redacted(url));
    try {
      await store.migrate();
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new Error(`Cannot open the PostgreSQL database ${store.location}: ${(e as Error).message}`, { cause: e });
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS roomkit_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM roomkit_migrations',
      );
      const current = rows[0]?.version ?? 0;
      const latest = MIGRATIONS.at(-1)!.version;
      if (current > latest)
        throw new Error(
          `its schema is at migration ${current}, newer than this sandbox knows (${latest}); upgrade the sandbox or use another database.`,
        );
      for (const m of MIGRATIONS.filter((m) => m.version > current)) {
        await client.query(m.sql);
        await client.query('INSERT INTO roomkit_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** READ COMMITTED: each statement sees what committed before it, so a check made after a lock sees the writes of whoever held it. */
  async transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new StoreUnavailableError(e);
    }
    let broken: Error | undefined;
    try {
      const tx = new Writer(client);
      await tx.command('BEGIN');
      const result = await fn(tx);
      await tx.command('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((err: Error) => (broken = err));
      if (e instanceof StoreUnavailableError) broken ??= e;
      throw e;
    } finally {
      // A connection that failed is closed rather than handed to the next request.
      client.release(broken);
    }
  }

  /** Every transaction has committed when it resolves. */
  settled(): Promise<void> {
    return Promise.resolve();
  }

  async secret(key: string): Promise<Buffer> {
    // Two replicas starting at once: one insert wins, both read the winner's secret.
    for (;;) {
      await this.run('put-meta', 'INSERT INTO roomkit_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        randomBytes(32).toString('base64'),
      ]);
      const [row] = await this.run<{ value: string }>('get-meta', 'SELECT value FROM roomkit_meta WHERE key = $1', [
        key,
      ]);
      if (row) return Buffer.from(row.value, 'base64');
    }
  }

  async saveToken(kind: TokenKind, token: string, issued: IssuedToken, nowMs: number): Promise<void> {
    await this.run(
      'save-token',
      `WITH purged AS (DELETE FROM roomkit_access_tokens WHERE expires_at < $5)
       INSERT INTO roomkit_access_tokens (kind, token, subject, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, token) DO UPDATE SET subject = EXCLUDED.subject, expires_at = EXCLUDED.expires_at`,
      [kind, token, issued.subject, issued.expiresAtMs, nowMs],
    );
  }

  async token(kind: TokenKind, token: string): Promise<IssuedToken | undefined> {
    const [row] = await this.run<{ subject: string; expires_at: string }>(
      'get-token',
      'SELECT subject, expires_at FROM roomkit_access_tokens WHERE kind = $1 AND token = $2',
      [kind, token],
    );
    return row ? { subject: row.subject, expiresAtMs: Number(row.expires_at) } : undefined;
  }

  /**
   * The token buckets of throttle.ts as rows: one statement refills a caller's bucket by the time
   * passed on the caller's clock and takes a token if there is one, under the row's lock, so
   * every replica counts against the same bucket.
   */
  rateLimiter(options: ThrottleOptions, now: () => number): RateLimiter {
    checkThrottleOptions(options);
    const refilled = `LEAST($2::float8, t.tokens + GREATEST($4::int8 - t.updated_ms, 0) / 1000.0 * $3::float8)`;
    const fullAfterMs = Math.ceil((options.burst / options.ratePerSecond) * 1000);
    return {
      take: async (caller) => {
        const at = now();
        if (++this.takes % PURGE_EVERY === 0)
          await this.run('purge-throttle', 'DELETE FROM roomkit_throttle WHERE updated_ms < $1', [at - fullAfterMs]);
        const [row] = await this.run<{ taken: boolean; tokens: number }>(
          'take-token',
          `INSERT INTO roomkit_throttle AS t (caller, tokens, updated_ms, taken) VALUES ($1, $2::float8 - 1, $4::int8, true)
           ON CONFLICT (caller) DO UPDATE SET
             tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
             taken = ${refilled} >= 1,
             updated_ms = GREATEST(t.updated_ms, $4::int8)
           RETURNING taken, tokens`,
          [caller, options.burst, options.ratePerSecond, at],
        );
        return row!.taken ? 0 : (1 - row!.tokens) / options.ratePerSecond;
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
