// Typed readers of the `x-roomkit-*` extensions: the rules the spec states in prose and that
// JSON Schema cannot express. Code reads them here instead of restating them.
import { readPath } from '@roomkit/http-runtime';
import type { OpenApiDocument } from './document.js';
import { getOperation } from './operations.js';
import { validateRuleEntry } from './rule-schema.js';
import type { ProtocolRule } from './protocol-rules.js';

export type CrudAction = 'create' | 'list' | 'get' | 'update' | 'delete';

export interface ResourceInfo {
  name: string;
  idParameter: string;
  parent: { field: string; resource: string };
  operations: Record<CrudAction, string>;
}

export interface PaginationInfo {
  operationId: string;
  /** Response property holding the page's items. */
  items: string;
  /** Query parameter giving the page size, and its schema bounds and default. */
  pageSize: string;
  pageSizeMinimum: number;
  pageSizeMaximum: number;
  pageSizeDefault: number;
  /** Query parameter carrying the continuation token. */
  token: string;
  /** Path of the next token in the response body, split on dots. */
  nextToken: string[];
  /** The required parent filter parameter. */
  filter: string;
}

export interface UniqueRule {
  name: string;
  kind: 'unique';
  resource: string;
  field: string;
  scope: string;
  operations: string[];
  status: number;
  description: string;
}
export interface DeleteRequiresEmptyRule {
  name: string;
  kind: 'delete-requires-empty';
  resource: string;
  children: string;
  operation: string;
  status: number;
  description: string;
}
export interface DeleteRequiresNoEndpointsRule {
  name: string;
  kind: 'delete-requires-no-endpoints';
  resource: string;
  operation: string;
  status: number;
  description: string;
}
export interface RelationRule {
  name: string;
  kind: 'relation';
  subject: string;
  at: string;
  left: string;
  operator: '<' | '<=' | '>' | '>=' | '==';
  right: string;
  description: string;
}
export interface ExactlyOneRule {
  name: string;
  kind: 'exactly-one';
  subject: string;
  at: string;
  array: string;
  field: string;
  value: unknown;
  description: string;
}
export interface UniqueByRule {
  name: string;
  kind: 'unique-by';
  subject: string;
  at: string;
  array: string;
  field: string;
  description: string;
}
export interface SoleItemRule {
  name: string;
  kind: 'sole-item';
  subject: string;
  at: string;
  array: string;
  field: string;
  value: unknown;
  description: string;
}
/** Requests without (or with unknown) credentials are refused with `status`. */
export interface AuthenticationRule {
  name: string;
  kind: 'authentication';
  status: number;
  description: string;
}
/** A deleted item answers `status` to every later read. */
export interface GoneAfterDeleteRule {
  name: string;
  kind: 'gone-after-delete';
  status: number;
  description: string;
}
export type PaginationAspect =
  'every-item-once' | 'page-size-within-max-results' | 'default-page-size' | 'last-page-without-token';
/** One promise of `x-roomkit-pagination` lists, on the operations named. */
export interface PaginationRule {
  name: string;
  kind: 'pagination';
  aspect: PaginationAspect;
  operations: string[];
  description: string;
}
/** An invalid value of a list's paging parameter is refused (`values`: which kind of invalid). */
export interface RejectsParameterRule {
  name: string;
  kind: 'rejects-parameter';
  parameter: string;
  values: 'out-of-range' | 'malformed' | 'foreign';
  operations: string[];
  status: number;
  description: string;
}
export interface UpdatePersistsRule {
  name: string;
  kind: 'update-persists';
  operations: string[];
  description: string;
}
/** A create naming a parent that does not exist is refused with `status`. */
export interface ParentMustExistRule {
  name: string;
  kind: 'parent-must-exist';
  operations: string[];
  status: number;
  description: string;
}
export interface ListFilterRule {
  name: string;
  kind: 'list-filter';
  operations: string[];
  description: string;
}
/** Another organization's credentials are refused with one of `statuses`, and change nothing. */
export interface TenancyRule {
  name: string;
  kind: 'tenancy';
  statuses: number[];
  description: string;
}
/** A field follows its request schema on the operations named (accepted at every bound, refused past it). */
export interface FieldSchemaRule {
  name: string;
  kind: 'field-schema';
  resource: string;
  field: string;
  operations: string[];
  description: string;
}
/** Sequences of operations agree with a model of the collections and the other rules. */
export interface ModelRule {
  name: string;
  kind: 'model';
  description: string;
}
/** A request naming an unknown `field` value fails with `status` and error code `code`. */
export interface UnknownInputFailsRule {
  name: string;
  kind: 'unknown-input-fails';
  field: string;
  status: number;
  code?: string;
  description: string;
}
/**
 * A value that identifies one answer (a request id): no two answers carry the same one. It is
 * read from the response header `header`, or from the top-level JSON body field `field`.
 */
export interface RequestIdRule {
  name: string;
  kind: 'request-id';
  header?: string;
  field?: string;
  description: string;
}
/**
 * Every part of a security requirement that combines several schemes (an API-key header with
 * Authorization) is necessary: one part missing, or wrong with the others valid, is refused with `status`.
 */
export interface CredentialPartsRule {
  name: string;
  kind: 'credential-parts';
  status: number;
  description: string;
}
/** Fields of a request that identify one thing together: values of two different things, paired, are refused with `status`. */
export interface IdentifiesTogetherRule {
  name: string;
  kind: 'identifies-together';
  fields: string[];
  operations: string[];
  status: number;
  description: string;
}
/** An update that changes nothing is accepted with `status` (the update's success) and changes nothing. */
export interface NoOpUpdateRule {
  name: string;
  kind: 'no-op-update';
  operations: string[];
  status: number;
  description: string;
}
/** A write on the operations named changes only the item it names (its siblings stay as they were). */
export interface WriteIsolationRule {
  name: string;
  kind: 'write-isolation';
  operations: string[];
  description: string;
}
/**
 * An id names an item of one collection only: through another collection's item operations (of
 * `operations`) it is unknown (`status`), and a create naming it as a parent of the wrong
 * collection is refused.
 */
export interface OneCollectionPerIdRule {
  name: string;
  kind: 'one-collection-per-id';
  operations: string[];
  status: number;
  description: string;
}
/** Every rule may say why no property of the contract suite can test it (`untestable: <reason>`). */
export type Rule = (
  | OneCollectionPerIdRule
  | NoOpUpdateRule
  | WriteIsolationRule
  | IdentifiesTogetherRule
  | CredentialPartsRule
  | UniqueRule
  | DeleteRequiresEmptyRule
  | DeleteRequiresNoEndpointsRule
  | RelationRule
  | ExactlyOneRule
  | UniqueByRule
  | SoleItemRule
  | AuthenticationRule
  | GoneAfterDeleteRule
  | PaginationRule
  | RejectsParameterRule
  | UpdatePersistsRule
  | ListFilterRule
  | ParentMustExistRule
  | TenancyRule
  | FieldSchemaRule
  | ModelRule
  | UnknownInputFailsRule
  | RequestIdRule
  | ProtocolRule
) & { untestable?: string };

export interface ThrottlingInfo {
  status: number;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
}

/** How a server answers one kind of unreadable request body: a status, and optionally which named example. */
export interface BodyAnswer {
  status: number;
  /** Name of the example (of that response's `examples`) that answers it; absent: the response's only example. */
  example?: string;
}

export interface RequestBodyPolicy {
  /** Largest accepted request body in bytes. */
  maxBytes: number;
  /** The answer to a body over `maxBytes`. */
  tooLarge: BodyAnswer;
  /** The answer to a body that is not valid JSON. */
  malformed: BodyAnswer;
}

/**
 * A legitimate vendor variation (`x-roomkit-tolerances`): something a conforming vendor may do
 * that the contract suite must accept. The sandbox implements each as a variation of the same
 * name, and the conforming test proves the suite accepts it.
 */
export interface Tolerance {
  name: string;
  /** What a vendor may do. */
  variation: string;
  /** Why it is legitimate: the vendor page, API note or standard that allows it. */
  allowedBy: string;
}

export interface Decision {
  subject: string;
  seed: string;
  decision: string;
}

const parsed = new WeakMap<OpenApiDocument, Rule[]>();

/**
 * The document's rules keyed by name (`x-roomkit-rules`). Each entry is validated against its
 * kind's JSON Schema (`rule-schema.ts`): an unknown kind, a missing or misspelt field is an error
 * naming the rule and the field, so a typo cannot silently disable a rule.
 */
export function rules(doc: OpenApiDocument): Rule[] {
  const known = parsed.get(doc);
  if (known !== undefined) return known;
  const raw = (doc['x-roomkit-rules'] ?? {}) as Record<string, unknown>;
  const out = Object.entries(raw).map(([name, rule]) => {
    validateRuleEntry(name, rule);
    return { name, description: '', ...(rule as object) } as Rule;
  });
  parsed.set(doc, out);
  return out;
}

export function rulesOfKind<K extends Rule['kind']>(doc: OpenApiDocument, kind: K): Extract<Rule, { kind: K }>[] {
  return rules(doc).filter((r): r is Extract<Rule, { kind: K }> => r.kind === kind);
}

/** The one rule of a kind (and matching `where`), or an error naming what the spec lacks. */
export function ruleOf<K extends Rule['kind']>(
  doc: OpenApiDocument,
  kind: K,
  where: (rule: Extract<Rule, { kind: K }>) => boolean = () => true,
): Extract<Rule, { kind: K }> {
  const found = rulesOfKind(doc, kind).filter(where);
  if (found.length !== 1) {
    throw new Error(`x-roomkit-rules: expected exactly one rule of kind "${kind}" here, found ${found.length}.`);
  }
  return found[0]!;
}

/** The CRUD resources (`x-roomkit-resources`), keyed by collection name. */
export function resources(doc: OpenApiDocument): Record<string, ResourceInfo> {
  const raw = (doc['x-roomkit-resources'] ?? {}) as Record<string, Omit<ResourceInfo, 'name'>>;
  return Object.fromEntries(Object.entries(raw).map(([name, r]) => [name, { name, ...r }]));
}

/** The resource an operation belongs to, and which CRUD action it is. */
export function resourceOf(
  doc: OpenApiDocument,
  operationId: string,
): { resource: ResourceInfo; action: CrudAction } | undefined {
  for (const resource of Object.values(resources(doc))) {
    for (const [action, id] of Object.entries(resource.operations)) {
      if (id === operationId) return { resource, action: action as CrudAction };
    }
  }
  return undefined;
}

/** Pagination of a list operation (`x-roomkit-pagination`), with the page-size bounds read from its parameter schema. */
export function paginationOf(doc: OpenApiDocument, operationId: string): PaginationInfo | undefined {
  const op = getOperation(doc, operationId);
  const raw = op.extensions['x-roomkit-pagination'] as Record<string, string> | undefined;
  if (!raw) return undefined;
  const size = op.parameters.find((p) => p.name === raw.pageSize && p.in === 'query');
  const schema = (size?.schema ?? {}) as Record<string, unknown>;
  if (typeof schema.minimum !== 'number' || typeof schema.maximum !== 'number' || typeof schema.default !== 'number') {
    throw new Error(
      `${operationId}: page-size parameter "${raw.pageSize}" needs minimum, maximum and default in its schema.`,
    );
  }
  return {
    operationId,
    items: String(raw.items),
    pageSize: String(raw.pageSize),
    pageSizeMinimum: schema.minimum,
    pageSizeMaximum: schema.maximum,
    pageSizeDefault: schema.default,
    token: String(raw.token),
    nextToken: String(raw.nextToken).split('.'),
    filter: String(raw.filter),
  };
}

/** The next token of a page, or undefined on the last page (absent, null or empty all count as "no more"). */
export function nextTokenOf(pagination: PaginationInfo, body: unknown): string | undefined {
  const token = readPath(body, pagination.nextToken);
  return typeof token === 'string' && token !== '' ? token : undefined;
}

export function throttling(doc: OpenApiDocument): ThrottlingInfo | undefined {
  return doc['x-roomkit-throttling'] as ThrottlingInfo | undefined;
}

function bodyAnswer(raw: unknown, where: string): BodyAnswer {
  const answer = (raw ?? {}) as Record<string, unknown>;
  if (!Number.isInteger(answer.status) || (answer.status as number) < 400 || (answer.status as number) > 499) {
    throw new Error(`${where}.status must be a 4xx status code, got ${JSON.stringify(answer.status)}.`);
  }
  if (answer.example !== undefined && typeof answer.example !== 'string') {
    throw new Error(`${where}.example must name an example, got ${JSON.stringify(answer.example)}.`);
  }
  return { status: answer.status as number, ...(answer.example === undefined ? {} : { example: answer.example }) };
}

/** The size limit and the answers to oversized and malformed bodies (`x-roomkit-request-body`). */
export function requestBodyPolicy(doc: OpenApiDocument): RequestBodyPolicy | undefined {
  const raw = doc['x-roomkit-request-body'] as Record<string, unknown> | undefined;
  if (raw === undefined) return undefined;
  if (!Number.isInteger(raw.maxBytes) || (raw.maxBytes as number) < 1) {
    throw new Error(`x-roomkit-request-body.maxBytes must be a positive integer, got ${JSON.stringify(raw.maxBytes)}.`);
  }
  return {
    maxBytes: raw.maxBytes as number,
    tooLarge: bodyAnswer(raw.tooLarge, 'x-roomkit-request-body.tooLarge'),
    malformed: bodyAnswer(raw.malformed, 'x-roomkit-request-body.malformed'),
  };
}

/** The named legitimate variations (`x-roomkit-tolerances`), each with what a vendor may do and why it is allowed. */
export function tolerances(doc: OpenApiDocument): Tolerance[] {
  const raw = doc['x-roomkit-tolerances'] ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('x-roomkit-tolerances must map tolerance names to { variation, allowedBy }.');
  }
  return Object.entries(raw as Record<string, unknown>).map(([name, entry]) => {
    const t = (entry ?? {}) as Record<string, unknown>;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      throw new Error(`x-roomkit-tolerances.${name}: a tolerance name is lower-case words joined by "-".`);
    }
    for (const field of ['variation', 'allowedBy'] as const) {
      if (typeof t[field] !== 'string' || (t[field] as string).trim() === '') {
        throw new Error(`x-roomkit-tolerances.${name}.${field} must be a non-empty string.`);
      }
    }
    const unknown = Object.keys(t).filter((k) => k !== 'variation' && k !== 'allowedBy');
    if (unknown.length > 0) {
      throw new Error(
        `x-roomkit-tolerances.${name}: unknown field(s) ${unknown.join(', ')}; expected variation, allowedBy.`,
      );
    }
    return { name, variation: (t.variation as string).trim(), allowedBy: (t.allowedBy as string).trim() };
  });
}

/** Where the vendor's pages were wrong or silent, and what the spec chose (`x-roomkit-decisions`). */
export function decisions(doc: OpenApiDocument): Decision[] {
  return (doc['x-roomkit-decisions'] ?? []) as Decision[];
}
