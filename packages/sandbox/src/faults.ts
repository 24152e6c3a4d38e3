// The fault switches and legitimate variations shared with the contract suite (TEAM.md).
// Each one is a small named perturbation of one or more hook points; the server calls the
// hooks at fixed places, and a hook's default is the correct behaviour. Nothing else in the
// sandbox knows that faults exist.
import { randomUnitId } from './ids.js';

export type FaultArea =
  'pagination' | 'names' | 'hierarchy' | 'status-codes' | 'headers' | 'auth' | 'tenancy' | 'schemas' | 'room-retrieve';

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
  reason?: 'missing' | 'foreign';
  /** The id a create made (Location and body carry it). */
  createdId?: string;
  /** On a list answer: where the items and the next token live (from x-roomkit-pagination). */
  list?: { items: string; nextToken: readonly string[] };
  /** The status codes the operation documents: a legitimate variation only uses those. */
  documented: readonly string[];
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
  /** The answer after response validation: what goes on the wire. */
  response(res: Outgoing, ctx: ResponseContext): Outgoing;
}

type Perturbation = Partial<Hooks>;

export interface FaultDefinition {
  area: FaultArea;
  description: string;
  perturb: Perturbation;
}

export interface VariationDefinition {
  description: string;
  perturb: Perturbation;
}

const REQUEST_ID = 'X-Amzn-RequestId';
/** Where @roomkit/openapi's requestBody validation reports a problem with the body's name. */
const NAME_PATH = '/body/name';

function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copy-on-write: perturbations never mutate bodies that may be shared (fixtures). */
function withBody(res: Outgoing, edit: (body: any) => void): Outgoing {
  const body = structuredClone(res.body);
  edit(body);
  return { ...res, body };
}

function readPath(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function isLastListPage(res: Outgoing, ctx: ResponseContext): boolean {
  return (
    ctx.action === 'list' &&
    res.status === 200 &&
    ctx.list !== undefined &&
    readPath(res.body, ctx.list.nextToken) == null
  );
}

function dropNameIssue(
  issues: ValidationIssue[],
  ctx: Parameters<Hooks['requestIssues']>[1],
  keyword: string,
  repair: (name: string) => string,
): ValidationIssue[] {
  if (ctx.in !== 'body' || !isJsonObject(ctx.data) || typeof ctx.data.name !== 'string') return issues;
  const nameIssues = issues.filter((i) => i.path === NAME_PATH);
  if (nameIssues.length === 0 || !nameIssues.every((i) => i.keyword === keyword)) return issues;
  const repaired = repair(ctx.data.name);
  if (repaired.length === 0) return issues;
  const again = ctx.revalidate({ ...ctx.data, name: repaired }).filter((i) => i.path === NAME_PATH);
  return again.length === 0 ? issues.filter((i) => i.path !== NAME_PATH) : issues;
}

function numericId(id: string): number {
  // A stable number per id, as a vendor that stores integer keys would send it.
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) % 2_147_483_647;
  return h;
}

function idsToNumbers(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(idsToNumbers);
  } else if (isJsonObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && /(^id|Id)$/.test(key)) value[key] = numericId(v);
      else idsToNumbers(v);
    }
  }
}

function addExtraFields(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(addExtraFields);
  } else if (isJsonObject(value)) {
    for (const v of Object.values(value)) addExtraFields(v);
    value['sandboxExtra'] = 'fields a client must ignore';
  }
}

/** The occupancy with the fewest guests: raising a maximum to it stays inside the schema. */
function smallestOccupancy(body: any): Record<string, number> | undefined {
  const data: unknown = body?.Data;
  let found: Record<string, number> | undefined;
  for (const unit of Array.isArray(data) ? data : []) {
    const occ = unit?.configuration?.occupancy;
    if (isJsonObject(occ) && typeof occ.max_guests === 'number' && (!found || occ.max_guests < found.max_guests!)) {
      found = occ as Record<string, number>;
    }
  }
  return found;
}

/** A response perturbation that edits a copy of a successful Room Retrieve body. */
function onRetrievedUnits(edit: (body: any) => void): Hooks['response'] {
  return (res, ctx) => (ctx.action === 'retrieve' && res.status === 200 ? withBody(res, edit) : res);
}

export const faults = {
  'pagination-duplicates-item': {
    area: 'pagination',
    description: 'The next page starts one item early, so the last item of a page is repeated on the next one.',
    perturb: {
      pageCut: (cut, { rows }) =>
        cut.cursor !== undefined && cut.take >= 2 ? { ...cut, cursor: rows[cut.take - 2]!.seq } : cut,
    },
  },
  'pagination-skips-item': {
    area: 'pagination',
    description: 'The next page starts one item late: one item at each page boundary is never returned.',
    perturb: {
      pageCut: (cut, { rows, size }) => {
        if (cut.cursor === undefined) return cut;
        const skipped = rows[size];
        return { ...cut, cursor: rows.length > size + 1 && skipped ? skipped.seq : undefined };
      },
    },
  },
  'pagination-ignores-max-results': {
    area: 'pagination',
    description: 'Pages hold one item more than maxResults (an off-by-one in the page size).',
    perturb: { pageSize: (size) => size + 1 },
  },
  'pagination-default-page-size-25': {
    area: 'pagination',
    description: 'Without maxResults a page holds 25 items instead of the documented default.',
    perturb: { defaultPageSize: () => 25 },
  },
  'pagination-token-on-last-page': {
    area: 'pagination',
    description: 'The last page still carries a nextToken, which then yields an empty page.',
    perturb: {
      pageCut: (cut, { rows }) => {
        const last = rows[cut.take - 1];
        return cut.cursor === undefined && cut.take > 0 && last ? { ...cut, cursor: last.seq } : cut;
      },
    },
  },
  'pagination-accepts-out-of-range': {
    area: 'pagination',
    description: 'maxResults outside the documented range (0, 51, ...) is answered 200 instead of 400.',
    perturb: {
      requestIssues: (issues, ctx) =>
        ctx.in === 'query'
          ? issues.filter(
              (i) =>
                !(/maxResults/.test(i.path) && /^(minimum|maximum|exclusiveMinimum|exclusiveMaximum)$/.test(i.keyword)),
            )
          : issues,
      pageSize: (size) => Math.max(1, size),
    },
  },
  'pagination-malformed-token-500': {
    area: 'pagination',
    description: 'A malformed nextToken crashes the list: 500 instead of 400.',
    perturb: {
      malformedToken: (r) => ({ status: 500, message: `Internal error while decoding the token (${r.message})` }),
    },
  },
  'names-accepts-space': {
    area: 'names',
    description: 'Room names containing spaces are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/ /g, '')) },
  },
  'names-accepts-period': {
    area: 'names',
    description: 'Room names containing periods are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'pattern', (n) => n.replace(/\./g, '')) },
  },
  'names-no-length-limit': {
    area: 'names',
    description: 'Room names longer than the documented maximum are accepted.',
    perturb: { requestIssues: (issues, ctx) => dropNameIssue(issues, ctx, 'maxLength', (n) => n.slice(0, 1)) },
  },
  'names-rejects-special-characters': {
    area: 'names',
    description: 'Valid room names with the allowed special characters (# ; : ? @ & =) are refused with 400.',
    perturb: {
      refuseRequest: (refusal, { body, nameHasRule }) =>
        refusal ??
        (nameHasRule && typeof body?.name === 'string' && /[^A-Za-z0-9_-]/.test(body.name)
          ? { status: 400, message: 'The room name may only contain letters, numbers, underscores and hyphens.' }
          : undefined),
    },
  },
  'names-unique-per-room-type-only': {
    area: 'names',
    description: 'Room names are only unique within a room type, so two room types of one property can share a name.',
    perturb: { uniqueScope: (scope, { parentResource }) => (scope === undefined ? undefined : parentResource) },
  },
  'names-uniqueness-not-checked-on-update': {
    area: 'names',
    description: 'Renaming a room to a name already used in its property is accepted.',
    perturb: { uniqueScope: (scope, { action }) => (action === 'update' ? undefined : scope) },
  },
  'hierarchy-deletes-non-empty-property': {
    area: 'hierarchy',
    description: 'A property that still has room types is deleted (204) instead of refused.',
    perturb: { refuseNonEmptyDelete: (refuse, { resource }) => (resource === 'properties' ? false : refuse) },
  },
  'hierarchy-deletes-non-empty-room-type': {
    area: 'hierarchy',
    description: 'A room type that still has rooms is deleted (204) instead of refused.',
    perturb: { refuseNonEmptyDelete: (refuse, { resource }) => (resource === 'roomTypes' ? false : refuse) },
  },
  'hierarchy-update-not-persisted': {
    area: 'hierarchy',
    description: 'Updates answer 204 but the stored resource is unchanged.',
    perturb: { persistUpdate: () => false },
  },
  'hierarchy-list-ignores-filter': {
    area: 'hierarchy',
    description: "Lists ignore their parent filter and return every item of the organization's collection.",
    perturb: { applyListFilter: () => false },
  },
  'hierarchy-delete-not-effective': {
    area: 'hierarchy',
    description: 'Deletes answer 204 but the resource stays readable.',
    perturb: { persistDelete: () => false },
  },
  'status-create-returns-200': {
    area: 'status-codes',
    description: 'Creates answer 200 instead of 201.',
    perturb: {
      response: (res, ctx) => (ctx.action === 'create' && res.status === 201 ? { ...res, status: 200 } : res),
    },
  },
  'status-missing-returns-410': {
    area: 'status-codes',
    description: 'A resource that does not exist answers 410 instead of 404.',
    perturb: {
      response: (res, ctx) => (res.status === 404 && ctx.reason === 'missing' ? { ...res, status: 410 } : res),
    },
  },
  'headers-no-request-id': {
    area: 'headers',
    description: 'Responses lack the X-Amzn-RequestId header.',
    perturb: {
      response: (res) => {
        const headers = { ...res.headers };
        delete headers[REQUEST_ID];
        return { ...res, headers };
      },
    },
  },
  'headers-location-wrong-id': {
    area: 'headers',
    description: "The Location header of a 201 names another id than the created resource's.",
    perturb: {
      response: (res, ctx) => {
        const location = res.headers['Location'];
        if (!location || !ctx.createdId) return res;
        return { ...res, headers: { ...res.headers, Location: location.replace(ctx.createdId, randomUnitId()) } };
      },
    },
  },
  'content-type-text-plain': {
    area: 'headers',
    description: 'JSON bodies are sent with Content-Type: text/plain.',
    perturb: {
      response: (res) =>
        res.body === undefined
          ? res
          : { ...res, headers: { ...res.headers, 'Content-Type': 'text/plain; charset=utf-8' } },
    },
  },
  'auth-missing-token-accepted': {
    area: 'auth',
    description: "Requests without an Authorization header are served as the first organization's.",
    perturb: {
      principal: (p, { token, firstOrganization }) => p ?? (token === undefined ? firstOrganization : undefined),
    },
  },
  'auth-invalid-token-accepted': {
    area: 'auth',
    description: "Requests with an unknown or expired bearer token are served as the first organization's.",
    perturb: {
      principal: (p, { token, firstOrganization }) => p ?? (token !== undefined ? firstOrganization : undefined),
    },
  },
  'tenancy-cross-organization-read': {
    area: 'tenancy',
    description: "An organization can read and list another organization's resources.",
    perturb: { enforceTenancy: (enforce, { access }) => (access === 'read' ? false : enforce) },
  },
  'tenancy-cross-organization-write': {
    area: 'tenancy',
    description: "An organization can rename, delete and create under another organization's resources.",
    perturb: { enforceTenancy: (enforce, { access }) => (access === 'write' ? false : enforce) },
  },
  'schema-ids-as-numbers': {
    area: 'schemas',
    description: "Ids are sent as JSON numbers, as the seed's field tables claim.",
    perturb: { response: (res) => (res.body === undefined ? res : withBody(res, idsToNumbers)) },
  },
  'schema-get-omits-name': {
    area: 'schemas',
    description: 'Get answers omit the required name field.',
    perturb: {
      response: (res, ctx) =>
        ctx.action === 'get' && res.status === 200 ? withBody(res, (b) => isJsonObject(b) && delete b['name']) : res,
    },
  },
  'server-error-on-non-ascii': {
    area: 'schemas',
    description: 'A name with non-ASCII characters makes the server fail with 500.',
    perturb: {
      refuseRequest: (refusal, { body }) =>
        refusal ??
        (typeof body?.name === 'string' && /[^\x00-\x7f]/.test(body.name)
          ? { status: 500, message: 'Internal error: the name could not be encoded.' }
          : undefined),
    },
  },
  'rr-adults-exceed-guests': {
    area: 'room-retrieve',
    description: 'A unit is sent with max_adults greater than max_guests.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const occ = smallestOccupancy(body);
        if (occ) occ.max_adults = occ.max_guests! + 1;
      }),
    },
  },
  'rr-children-equal-guests': {
    area: 'room-retrieve',
    description: 'A unit is sent with max_children equal to max_guests.',
    perturb: {
      response: onRetrievedUnits((body) => {
        const occ = smallestOccupancy(body);
        if (occ) occ.max_children = occ.max_guests!;
      }),
    },
  },
  'rr-unknown-hotel-success': {
    area: 'room-retrieve',
    description: 'An unknown channel_hotel_id answers Success with an empty Data array instead of Fail 572.',
    perturb: { hotelUnits: (units) => units ?? [] },
  },
  'rr-auth-ignored': {
    area: 'room-retrieve',
    description: 'Missing or wrong app-id / Authorization credentials are accepted.',
    perturb: { roomRetrieveAuthorized: () => true },
  },
  'rr-enum-lowercase': {
    area: 'room-retrieve',
    description: 'smoking_policy is sent in lower case (nonsmoking), outside the enum.',
    perturb: {
      response: onRetrievedUnits((body) => {
        for (const unit of Array.isArray(body?.Data) ? body.Data : []) {
          const cfg = unit?.configuration;
          if (typeof cfg?.smoking_policy === 'string') cfg.smoking_policy = cfg.smoking_policy.toLowerCase();
        }
      }),
    },
  },
} satisfies Record<string, FaultDefinition>;

export const variations = {
  'empty-list-404': {
    description: 'An empty list answers 404 with an error body instead of 200 with an empty array.',
    perturb: {
      response: (res, ctx) => {
        if (ctx.action !== 'list' || res.status !== 200 || !ctx.list) return res;
        const items = readPath(res.body, [ctx.list.items]);
        return Array.isArray(items) && items.length === 0 && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'No items were found.' } }
          : res;
      },
    },
  },
  'last-page-null-token': {
    description: 'The last page carries paginationContext.nextToken: null.',
    perturb: {
      response: (res, ctx) =>
        isLastListPage(res, ctx)
          ? withBody(res, (b) => {
              let cur = b;
              const path = ctx.list!.nextToken;
              for (const key of path.slice(0, -1)) cur = isJsonObject(cur[key]) ? cur[key] : (cur[key] = {});
              cur[path[path.length - 1]!] = null;
            })
          : res,
    },
  },
  'last-page-no-pagination-context': {
    description: 'The last page omits paginationContext altogether (the default sends an empty one).',
    perturb: {
      response: (res, ctx) =>
        isLastListPage(res, ctx) && ctx.list!.nextToken.length > 1
          ? withBody(res, (b) => {
              delete b[ctx.list!.nextToken[0]!];
            })
          : res,
    },
  },
  'extra-response-fields': {
    description: 'Every response object carries fields the spec does not declare.',
    perturb: { response: (res) => (res.body === undefined ? res : withBody(res, addExtraFields)) },
  },
  'foreign-resource-404': {
    description: "Another organization's resource answers 404 instead of 403.",
    perturb: {
      response: (res, ctx) =>
        res.status === 403 && ctx.reason === 'foreign' && ctx.documented.includes('404')
          ? { ...res, status: 404, body: { message: 'The requested resource was not found.' } }
          : res,
    },
  },
} satisfies Record<string, VariationDefinition>;

export type FaultName = keyof typeof faults;
export type VariationName = keyof typeof variations;

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
  response: (r) => r,
};

export class UnknownSwitchError extends Error {
  constructor(kind: 'fault' | 'variation', name: string, known: readonly string[]) {
    super(`Unknown ${kind} "${name}". Known ${kind}s: ${known.join(', ')}.`);
    this.name = 'UnknownSwitchError';
  }
}

/** The hooks with the named perturbations applied in order; names are checked first. */
export function composeHooks(faultNames: readonly string[] = [], variationNames: readonly string[] = []): Hooks {
  const perturbations: Perturbation[] = [];
  for (const name of faultNames) {
    const def = (faults as Record<string, FaultDefinition>)[name];
    if (!def) throw new UnknownSwitchError('fault', name, Object.keys(faults));
    perturbations.push(def.perturb);
  }
  for (const name of variationNames) {
    const def = (variations as Record<string, VariationDefinition>)[name];
    if (!def) throw new UnknownSwitchError('variation', name, Object.keys(variations));
    perturbations.push(def.perturb);
  }
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
