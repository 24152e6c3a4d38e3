// What the sandbox keeps, whichever database keeps it: the hospitality resources, issued access
// tokens, throttling buckets and the secrets that sign pagination tokens. Two implementations:
// SQLite (one process, the default) and PostgreSQL (any number of replicas on one database).
// A store knows collections, parents and ancestors, never which collections exist: those come
// from the spec's x-roomkit-resources.
export type Durability = 'normal' | 'full';

export interface StoredItem {
  seq: number;
  id: string;
  collection: string;
  parentId: string;
  organizationId: string;
  fields: Record<string, unknown>;
}

export interface Ancestor {
  collection: string;
  id: string;
}

export interface NewItem {
  id: string;
  collection: string;
  parentId: string;
  organizationId: string;
  fields: Record<string, unknown>;
  /** Every enclosing resource, nearest last: what scoped rules (unique per property) look up. */
  ancestors: Ancestor[];
}

export interface ListQuery {
  collection: string;
  /** Absent: every item of the collection in the organization. */
  parentId?: string;
  organizationId: string;
}

/** A value of a field in a scope (an enclosing resource), other items than excludeId. */
export interface ValueQuery {
  collection: string;
  field: string;
  value: string;
  /** The enclosing resource's collection, and its id. */
  scope: string;
  scopeId: string;
  excludeId: string;
}

export interface StoreReader {
  getItem(id: string): Promise<StoredItem | undefined>;
  /** The item's enclosing resources, outermost first. */
  ancestorsOf(item: StoredItem): Promise<Ancestor[]>;
  hasChildren(collection: string, parentId: string): Promise<boolean>;
  /** Every item of the list, in insertion order. */
  all(q: ListQuery): Promise<StoredItem[]>;
  /** Up to limit items after seq, in insertion order: keyset pages stay stable under writes. */
  page(q: ListQuery & { afterSeq: number; limit: number }): Promise<StoredItem[]>;
  /** Whether another item of collection inside the given ancestor has field = value. */
  valueTaken(q: ValueQuery): Promise<boolean>;
}

export interface StoreWriter extends StoreReader {
  /**
   * Holds the named keys (resource ids, a unique value in its scope) until the transaction ends:
   * another transaction locking one of them, in this process or another replica, waits while
   * either holds it exclusively. A transaction locks before it reads what it checks, so its
   * checks see every write that held the key before it. (SQLite runs one transaction at a time:
   * there it does nothing.)
   */
  lock(keys: { shared?: readonly string[]; exclusive?: readonly string[] }): Promise<void>;
  insertItem(item: NewItem): Promise<number>;
  /** reindex false keeps the values of the old fields searchable instead of the new ones. */
  updateFields(item: StoredItem, fields: Record<string, unknown>, reindex?: boolean): Promise<void>;
  deleteItem(item: StoredItem): Promise<void>;
}

/** Takes a request from a caller's token bucket: 0 to go on, else the seconds until a token is free. */
export interface RateLimiter {
  take(caller: string): Promise<number>;
}

export interface ThrottleOptions {
  /** Sustained requests per second per caller. */
  ratePerSecond: number;
  /** How many requests may arrive at once before throttling starts. */
  burst: number;
}

export interface IssuedToken {
  /** The organization (LWA) or the app (Room Retrieve) the token was issued to. */
  subject: string;
  expiresAtMs: number;
}

/** The two kinds of access token the sandbox issues, kept apart: one is never the other. */
export type TokenKind = 'lwa' | 'room-retrieve';

export interface Store extends StoreReader {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the data lives, for logs (a PostgreSQL URL without its password). */
  readonly location: string;
  /**
   * Runs fn atomically: its checks and writes see no interleaving with other transactions that
   * lock the same keys, and a throw undoes them. Callers answer only once settled() resolves.
   */
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>;
  /** Resolves once every write made so far is committed (at once when none is pending). */
  settled(): Promise<void>;
  /** A random secret kept in the database (the same for every replica), e.g. for page tokens. */
  secret(key: string): Promise<Buffer>;
  saveToken(kind: TokenKind, token: string, issued: IssuedToken, nowMs: number): Promise<void>;
  token(kind: TokenKind, token: string): Promise<IssuedToken | undefined>;
  /** Token buckets per caller; shared by every replica of a shared store. */
  rateLimiter(options: ThrottleOptions, now: () => number): RateLimiter;
  close(): Promise<void>;
}

/** Thrown when the database cannot be reached: the request is answered 500 with its request id. */
export class StoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The sandbox's database is unavailable (${(cause as Error)?.message ?? String(cause)}); retry shortly.`, {
      cause,
    });
    this.name = 'StoreUnavailableError';
  }
}

export function checkThrottleOptions(options: ThrottleOptions): void {
  if (!(options.ratePerSecond > 0) || !(options.burst >= 1)) {
    throw new Error(`Throttle settings need ratePerSecond > 0 and burst >= 1 (got ${JSON.stringify(options)}).`);
  }
}

/** Whether --db names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//i.test(database);
}
