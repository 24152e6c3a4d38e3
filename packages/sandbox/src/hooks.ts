// The hook points an API implementation calls at fixed places, and what they see. A hook's
// default is the correct behaviour; the fault catalogue (faults/) holds named perturbations of
// these hooks, and nothing but composeHooks knows how they are applied.
import type { SecurityScheme } from '@roomkit/openapi';
import type { StoredItem } from './store.js';

export interface ValidationIssue {
  path: string;
  message: string;
  keyword: string;
}

export interface Rejection {
  status: number;
  message: string;
}

export interface Principal {
  organizationId: string;
}

export interface Outgoing {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** 'early': answered before the operation ran (throttled, body too large). */
export type Action = 'create' | 'list' | 'get' | 'update' | 'delete' | 'retrieve' | 'early';

export interface ResponseContext {
  operationId: string;
  action: Action;
  /** Why an error answer was given, for perturbations that change one kind of error. */
  reason?: 'missing' | 'foreign' | 'unauthenticated' | 'throttled';
  /** The refused id (or a create's parent) existed once and was deleted. */
  deleted?: boolean;
  /** The kind of the x-roomkit-rule whose refusal this answer is (unique, delete-requires-empty...). */
  ruleKind?: string;
  /** An update that changes nothing (the item already had these values). */
  unchanged?: boolean;
  /** `http://host:port` as the request named it (an absolute Location is built on it). */
  origin?: string;
  /** The id a create made (Location and body carry it). */
  createdId?: string;
  /** On a list answer: where the items and the next token live (from x-roomkit-pagination). */
  list?: { items: string; nextToken: readonly string[] };
  /** The status codes the operation documents: a legitimate variation only uses those. */
  documented: readonly string[];
  /** The headers the spec requires on every answer of this API (the request id). */
  alwaysSent: readonly string[];
}

export interface PageCut {
  /** How many of the fetched rows the page shows. */
  take: number;
  /** seq after which the next page starts; undefined on the last page. */
  cursor: number | undefined;
}

/** An earlier version of an item: what it was before an update, or when it was deleted. */
export interface PastItem {
  item: StoredItem;
  /** Every enclosing resource, outermost first (as stored at the time). */
  ancestors: readonly { collection: string; id: string }[];
  deleted: boolean;
}

/** What a delete answers whose row another delete removed during its write gap. */
export type VanishedRow = 'not-found' | 'server-error' | 'success';

/** An `await` between a write's checks and the write itself. */
export type WriteGap = () => Promise<void>;

/** What a lookup by id is for. */
export type LookupPurpose = 'get' | 'update' | 'delete' | 'parent';

export interface Hooks {
  /** The caller, after the bearer token was looked up (undefined: not authenticated). */
  principal(
    resolved: Principal | undefined,
    ctx: {
      token: string | undefined;
      firstOrganization: Principal;
      /** The Authorization header as sent. */
      header: string | undefined;
      /** Who a token belongs to, for perturbations that read the header their own way. */
      lookup: (token: string) => Principal | undefined;
    },
  ): Principal | undefined;
  /** Whether an organization may only touch its own resources. */
  enforceTenancy(
    enforce: boolean,
    ctx: {
      access: 'read' | 'write';
      action: 'create' | 'list' | 'get' | 'update' | 'delete';
      /** 'item': the item named by the path; 'parent': the parent a create or list names ('root': the organization). */
      via: 'item' | 'parent' | 'root';
    },
  ): boolean;
  /** Validation issues of a request body or query; revalidate checks a modified body. */
  requestIssues(
    issues: ValidationIssue[],
    ctx: {
      in: 'body' | 'query';
      action: Action;
      data: unknown;
      revalidate: (data: unknown) => ValidationIssue[];
    },
  ): ValidationIssue[];
  /** A last refusal of a request that passed validation. */
  refuseRequest(
    refusal: Rejection | undefined,
    ctx: { body: Record<string, unknown> | undefined; nameHasRule: boolean },
  ): Rejection | undefined;
  /** The resource within which a unique rule holds; undefined skips the check. */
  uniqueScope(
    scope: string | undefined,
    ctx: { action: 'create' | 'update'; parentResource: string; ancestors: readonly string[] },
  ): string | undefined;
  /** Whether a unique value is taken in its scope; history holds earlier versions of items. */
  valueTaken(
    taken: boolean,
    ctx: {
      collection: string;
      field: string;
      value: string;
      scope: string;
      scopeId: string;
      selfId: string;
      /** The item being updated holds this value already (a rename to its own name). */
      heldBySelf: boolean;
      history: () => readonly PastItem[];
    },
  ): boolean;
  /**
   * Whether a stored item counts as an item of the collection a request names (its path's
   * collection, or the collection of a create's parent): the item's own collection must be it.
   */
  collectionMatches(matches: boolean, ctx: { purpose: LookupPurpose; expected: string; actual: string }): boolean;
  /** The item a lookup by id finds; tombstone: the item this id named before it was deleted. */
  resolveItem(
    found: StoredItem | undefined,
    ctx: { id: string; purpose: LookupPurpose; tombstone: StoredItem | undefined },
  ): StoredItem | undefined;
  refuseNonEmptyDelete(refuse: boolean, ctx: { resource: string }): boolean;
  /** Whether the item has children of a collection that blocks its delete. */
  hasChildren(
    has: boolean,
    ctx: { parentId: string; children: () => readonly StoredItem[]; history: () => readonly PastItem[] },
  ): boolean;
  persistUpdate(persist: boolean): boolean;
  /** Whether an update re-indexes the item's values (for unique rules). */
  reindexOnUpdate(reindex: boolean): boolean;
  persistDelete(persist: boolean): boolean;
  applyListFilter(apply: boolean): boolean;
  defaultPageSize(size: number): number;
  pageSize(size: number): number;
  /** rows holds up to size + 2 rows after the cursor, so a perturbation can look ahead. */
  pageCut(cut: PageCut, ctx: { rows: readonly { seq: number }[]; size: number; tokenGiven: boolean }): PageCut;
  /**
   * The rows (up to size + 2, in page order) a page is cut from. served: how many items the
   * pages before this one showed; all: every item of the list in insertion order; tombstones:
   * deleted items of the list.
   */
  listRows(
    rows: readonly StoredItem[],
    ctx: {
      afterSeq: number;
      served: number;
      size: number;
      tokenGiven: boolean;
      all: () => readonly StoredItem[];
      tombstones: () => readonly StoredItem[];
      /** The filter's parent id, and every item of the collection in the caller's organization, any parent. */
      parentId: string;
      wider: () => readonly StoredItem[];
    },
  ): readonly StoredItem[];
  /**
   * After a write is applied, in its transaction: what else it changes (nothing, when correct).
   * `siblings`: the other items of the written item's parent; `leaf`: its collection has no children.
   */
  afterWrite(
    none: undefined,
    ctx: {
      action: 'create' | 'update' | 'delete';
      item: StoredItem;
      fields: Record<string, unknown>;
      leaf: boolean;
      siblings: () => readonly StoredItem[];
      update: (item: StoredItem, fields: Record<string, unknown>) => void;
      remove: (item: StoredItem) => void;
    },
  ): undefined;
  malformedToken(refusal: Rejection, ctx: { token: string }): Rejection;
  /** Whether a token issued for another list or filter is followed instead of refused. */
  acceptForeignToken(accept: boolean): boolean;
  /** An answer given before the request is validated (a crash while decoding it); undefined goes on. */
  beforeValidation(
    refusal: Rejection | undefined,
    ctx: { query: Readonly<Record<string, string | string[]>>; body: unknown },
  ): Rejection | undefined;
  /** Room Retrieve: the units of the requested hotel, undefined when the hotel is unknown. */
  hotelUnits(
    units: readonly unknown[] | undefined,
    ctx: {
      /** The units of the first hotel whose `fields` match the request's (a lookup by part of the key). */
      lookup: (fields: readonly string[]) => readonly unknown[] | undefined;
    },
  ): readonly unknown[] | undefined;
  /**
   * Room Retrieve: whether the credentials meet a security requirement of the operation.
   * `metIgnoring(skip)`: whether they would, if the schemes `skip` picks counted as met (it gets
   * each scheme and the value the request sent for it, undefined when absent).
   */
  roomRetrieveAuthorized(
    ok: boolean,
    ctx: { metIgnoring: (skip: (scheme: SecurityScheme, sent: string | undefined) => boolean) => boolean },
  ): boolean;
  /** Seconds the caller must wait before this request is served (0: serve it now), before it runs. */
  throttleSeconds(seconds: number, ctx: { operationId: string }): number;
  /** How long a created or updated item stays invisible (or shows its old fields) to reads, in ms. */
  readLagMs(ms: number): number;
  /** The id a create gives the new item (already valid for the spec's id schema). */
  unitId(id: string): string;
  /** The answer after response validation: what goes on the wire. */
  response(res: Outgoing, ctx: ResponseContext): Outgoing;
  /**
   * An await between a write's checks (name taken, parent there, no children) and the write, as a
   * server that checks, awaits its database, then writes. None (correct): checks and write are one
   * transaction, so no other request comes between. drained: resolves once no request has arrived
   * for a while (every request already on the wire has passed its own checks).
   */
  writeGap(
    gap: WriteGap | undefined,
    ctx: { action: 'create' | 'update' | 'delete'; resource: string; drained: WriteGap },
  ): WriteGap | undefined;
  /**
   * What a delete does that finds its row gone after a write gap (another delete of it passed the
   * same check): 'not-found' (correct) answers as the check would have; 'server-error' is a server
   * that expects its delete to affect one row; 'success' one that never looks.
   */
  rowVanished(answer: VanishedRow): VanishedRow;
  /** The answer to a request the spec does not document: a method on a documented path (with the documented methods), or a path. */
  undocumentedAnswer(
    out: Outgoing,
    ctx: { kind: 'method' | 'path'; method: string; path: string; allow?: readonly string[] },
  ): Outgoing;
  /** The largest request body taken (the spec's x-roomkit-request-body.maxBytes unless --body-limit says otherwise). */
  bodyLimit(limit: number): number;
  /**
   * What a body without Content-Type (`mediaType` undefined) or under a media type the operation
   * does not document gets: refused (correct), read as JSON anyway, or a server error.
   */
  undocumentedContentType(answer: UndocumentedContentType, mediaType: string | undefined): UndocumentedContentType;
  /**
   * What a string with a lone UTF-16 surrogate gets: refused (correct), kept as parsed (the stores
   * keep it exactly, which the spec allows too), replaced by U+FFFD, or dropped.
   */
  loneSurrogate(answer: LoneSurrogate): LoneSurrogate;
  /** What a body that is not valid JSON gets: refused (correct) or a server error (the parse error escapes). */
  malformedBody(answer: 'refuse' | 'server-error'): 'refuse' | 'server-error';
}

export type UndocumentedContentType = 'refuse' | 'read-as-json' | 'server-error';
export type LoneSurrogate = 'refuse' | 'keep' | 'replace' | 'drop';

/** Some hooks, changed: a fault or a variation. */
export type Perturbation = Partial<Hooks>;

const correct: Hooks = {
  principal: (p) => p,
  enforceTenancy: (e) => e,
  requestIssues: (i) => i,
  refuseRequest: (r) => r,
  uniqueScope: (s) => s,
  valueTaken: (t) => t,
  resolveItem: (i) => i,
  collectionMatches: (m) => m,
  refuseNonEmptyDelete: (r) => r,
  hasChildren: (h) => h,
  persistUpdate: (p) => p,
  reindexOnUpdate: (r) => r,
  persistDelete: (p) => p,
  applyListFilter: (a) => a,
  defaultPageSize: (s) => s,
  pageSize: (s) => s,
  pageCut: (c) => c,
  listRows: (r) => r,
  afterWrite: () => undefined,
  malformedToken: (r) => r,
  acceptForeignToken: (a) => a,
  beforeValidation: (r) => r,
  hotelUnits: (u) => u,
  roomRetrieveAuthorized: (ok) => ok,
  throttleSeconds: (s) => s,
  readLagMs: (ms) => ms,
  unitId: (id) => id,
  response: (r) => r,
  writeGap: (g) => g,
  rowVanished: (a) => a,
  undocumentedAnswer: (o) => o,
  bodyLimit: (l) => l,
  undocumentedContentType: (a) => a,
  loneSurrogate: (a) => a,
  malformedBody: (a) => a,
};

/** The correct hooks with the perturbations applied in order, each seeing what the previous made. */
export function perturbedHooks(perturbations: readonly Perturbation[]): Hooks {
  const hooks: Record<string, unknown> = {};
  for (const key of Object.keys(correct) as (keyof Hooks)[]) {
    const chain = [correct[key], ...perturbations.map((p) => p[key]).filter((f) => f !== undefined)] as ((
      v: unknown,
      ctx: unknown,
    ) => unknown)[];
    hooks[key] =
      chain.length === 1 ? chain[0] : (value: unknown, ctx: unknown) => chain.reduce((v, f) => f(v, ctx), value);
  }
  return hooks as unknown as Hooks;
}

/**
 * Whether a hook is its correct default. Hooks run synchronously; where one is handed data that
 * a store reads asynchronously (every row of a list, an item's children), the data is read
 * beforehand only when a perturbation may look at it.
 */
export function isCorrect<K extends keyof Hooks>(hooks: Hooks, key: K): boolean {
  return hooks[key] === correct[key];
}
