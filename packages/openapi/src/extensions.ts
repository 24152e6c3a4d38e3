// Typed readers of the `x-roomkit-*` extensions: the rules the spec states in prose and that
// JSON Schema cannot express. Code reads them here instead of restating them.
import type { OpenApiDocument } from './document.js';
import { getOperation } from './operations.js';

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
export type Rule =
  | UniqueRule
  | DeleteRequiresEmptyRule
  | DeleteRequiresNoEndpointsRule
  | RelationRule
  | ExactlyOneRule
  | UniqueByRule
  | SoleItemRule;

export interface ThrottlingInfo {
  status: number;
  initialDelaySeconds: number;
  multiplier: number;
  maxDelaySeconds: number;
}

export interface Decision {
  subject: string;
  seed: string;
  decision: string;
}

const knownKinds = new Set([
  'unique',
  'delete-requires-empty',
  'delete-requires-no-endpoints',
  'relation',
  'exactly-one',
  'unique-by',
  'sole-item',
]);

/** The document's rules keyed by name (`x-roomkit-rules`). Unknown rule kinds are an error, so a typo cannot silently disable a rule. */
export function rules(doc: OpenApiDocument): Rule[] {
  const raw = (doc['x-roomkit-rules'] ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(raw).map(([name, rule]) => {
    if (!knownKinds.has(String(rule.kind))) {
      throw new Error(
        `x-roomkit-rules.${name}: unknown kind "${String(rule.kind)}"; expected one of ${[...knownKinds].join(', ')}.`,
      );
    }
    return { name, description: '', ...rule } as Rule;
  });
}

export function rulesOfKind<K extends Rule['kind']>(doc: OpenApiDocument, kind: K): Extract<Rule, { kind: K }>[] {
  return rules(doc).filter((r): r is Extract<Rule, { kind: K }> => r.kind === kind);
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
  let node: unknown = body;
  for (const key of pagination.nextToken) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' && node !== '' ? node : undefined;
}

export function throttling(doc: OpenApiDocument): ThrottlingInfo | undefined {
  return doc['x-roomkit-throttling'] as ThrottlingInfo | undefined;
}

/** Where the vendor's pages were wrong or silent, and what the spec chose (`x-roomkit-decisions`). */
export function decisions(doc: OpenApiDocument): Decision[] {
  return (doc['x-roomkit-decisions'] ?? []) as Decision[];
}
