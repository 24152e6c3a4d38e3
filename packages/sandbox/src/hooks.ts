// The hook points an API implementation calls at fixed places, and what they see. A hook's
// default is the correct behaviour; the fault catalogue (faults/) holds named perturbations of
// these hooks, and nothing but composeHooks knows how they are applied.

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
  reason?: 'missing' | 'foreign' | 'throttled';
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

export interface Hooks {
  /** The caller, after the bearer token was looked up (undefined: not authenticated). */
  principal(
    resolved: Principal | undefined,
    ctx: { token: string | undefined; firstOrganization: Principal },
  ): Principal | undefined;
  /** Whether an organization may only touch its own resources. */
  enforceTenancy(enforce: boolean, ctx: { access: 'read' | 'write' }): boolean;
  /** Validation issues of a request body or query; revalidate checks a modified body. */
  requestIssues(
    issues: ValidationIssue[],
    ctx: { in: 'body' | 'query'; data: unknown; revalidate: (data: unknown) => ValidationIssue[] },
  ): ValidationIssue[];
  /** A last refusal of a request that passed validation. */
  refuseRequest(
    refusal: Rejection | undefined,
    ctx: { body: Record<string, unknown> | undefined; nameHasRule: boolean },
  ): Rejection | undefined;
  /** The resource within which a unique rule holds; undefined skips the check. */
  uniqueScope(
    scope: string | undefined,
    ctx: { action: 'create' | 'update'; parentResource: string },
  ): string | undefined;
  refuseNonEmptyDelete(refuse: boolean, ctx: { resource: string }): boolean;
  persistUpdate(persist: boolean): boolean;
  persistDelete(persist: boolean): boolean;
  applyListFilter(apply: boolean): boolean;
  defaultPageSize(size: number): number;
  pageSize(size: number): number;
  /** rows holds up to size + 2 rows after the cursor, so a perturbation can look ahead. */
  pageCut(cut: PageCut, ctx: { rows: readonly { seq: number }[]; size: number }): PageCut;
  malformedToken(refusal: Rejection): Rejection;
  /** Room Retrieve: the units of the requested hotel, undefined when the hotel is unknown. */
  hotelUnits(units: readonly unknown[] | undefined): readonly unknown[] | undefined;
  roomRetrieveAuthorized(ok: boolean): boolean;
  /** Seconds the caller must wait before this request is served (0: serve it now), before it runs. */
  throttleSeconds(seconds: number, ctx: { operationId: string }): number;
  /** How long a created or updated item stays invisible (or shows its old fields) to reads, in ms. */
  readLagMs(ms: number): number;
  /** The id a create gives the new item (already valid for the spec's id schema). */
  unitId(id: string): string;
  /** The answer after response validation: what goes on the wire. */
  response(res: Outgoing, ctx: ResponseContext): Outgoing;
}

/** Some hooks, changed: a fault or a variation. */
export type Perturbation = Partial<Hooks>;

const correct: Hooks = {
  principal: (p) => p,
  enforceTenancy: (e) => e,
  requestIssues: (i) => i,
  refuseRequest: (r) => r,
  uniqueScope: (s) => s,
  refuseNonEmptyDelete: (r) => r,
  persistUpdate: (p) => p,
  persistDelete: (p) => p,
  applyListFilter: (a) => a,
  defaultPageSize: (s) => s,
  pageSize: (s) => s,
  pageCut: (c) => c,
  malformedToken: (r) => r,
  hotelUnits: (u) => u,
  roomRetrieveAuthorized: (ok) => ok,
  throttleSeconds: (s) => s,
  readLagMs: (ms) => ms,
  unitId: (id) => id,
  response: (r) => r,
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
