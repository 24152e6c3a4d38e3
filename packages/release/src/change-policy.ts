import type { Diff } from 'api-smart-diff';

/**
 * - `breaking`: an existing call of a client generated from the spec may stop compiling or working;
 * - `non-breaking`: additions, wider bounds, deprecations;
 * - `docs`: prose, examples, titles, tags, the spec's own version;
 * - `unclassified`: neither api-smart-diff nor roomkit's policy can tell; the gate treats it as breaking.
 */
export type Classification = 'breaking' | 'non-breaking' | 'docs' | 'unclassified';

export type Side = 'request' | 'response' | 'document';

type Path = readonly (string | number)[];

/** Keywords whose changes are documentation only (outside `properties`, where they name fields). */
const DOC_KEYWORDS = new Set([
  'description',
  'summary',
  'title',
  'example',
  'examples',
  'externalDocs',
  'tags',
  'contact',
  'license',
  'termsOfService',
  '$comment',
  // roomkit's prose extensions: decision notes, the prose rule shown in the reference, added-status markers.
  'x-roomkit-decisions',
  'x-roomkit-rule',
  'x-roomkit-added',
]);
/**
 * roomkit extensions that no generated client reads (the mock, the sandbox and `roomkit verify` do;
 * see the clients' scripts/generate.mjs for the ones they read): their changes cannot break a
 * client's callers. Any other extension's change is unclassified.
 */
const EXTENSIONS_NOT_READ_BY_CLIENTS = new Set(['x-roomkit-rules', 'x-roomkit-request-body', 'x-roomkit-tolerances']);
const DOC_ROOTS = new Set(['info', 'tags', 'externalDocs', 'openapi', 'jsonSchemaDialect']);
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties', 'maxContains']);
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties', 'minContains']);
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Kinds that remove something a client may send or read. */
const REMOVALS = new Set([
  'path-removed',
  'operation-removed',
  'parameter-removed',
  'response-removed',
  'media-type-removed',
  'field-removed',
  'enum-value-removed',
  'server-removed',
  'security-requirement-removed',
  'security-scheme-removed',
  'component-removed',
  'token-endpoint-removed',
]);
/** Kinds that add something no existing call depends on. */
const ADDITIONS = new Set([
  'path-added',
  'operation-added',
  'response-added',
  'media-type-added',
  'enum-value-added',
  'server-added',
  'security-requirement-added',
  'security-scheme-added',
  'component-added',
  'token-endpoint-added',
]);

export interface Verdict {
  kind: string;
  side: Side;
  classification: Classification;
  /** Set when roomkit's policy overrides api-smart-diff's verdict: the name of the rule that did. */
  rule?: string;
}

/**
 * The rules by which roomkit departs from api-smart-diff's verdicts. The library judges changes as
 * a server's compatibility with old clients would (a removed request field is harmless to a server,
 * a new response enum value is not); roomkit's gate protects the users of its generated typed
 * clients, whose types follow the spec in both directions.
 */
export const policyRules = {
  'removal-breaks-clients':
    'Something a client sends or reads was removed: code that uses it stops compiling against the regenerated client, or fails at run time.',
  'additions-are-compatible': 'Something was added that no existing call depends on.',
  'responses-are-not-validated':
    "The clients never validate a response's bounds, patterns or formats: a narrower or wider one breaks no call.",
  'response-field-may-be-absent':
    'A response field that was required may now be absent: code that reads it gets undefined.',
  'response-field-now-required': 'A response field is now always present: code that reads it keeps working.',
  'request-field-now-required': 'A request field is now required: calls that omit it are refused.',
  'server-region-is-api':
    "The hospitality client's `region` option is the servers' `x-roomkit-region`: renaming one breaks callers.",
  'server-url-is-followed': 'The regenerated client sends to the new URL; callers pass no URL of their own.',
  'type-changed': 'A changed type (or const, or enum value) changes the generated types.',
  'not-read-by-clients':
    'The generated clients do not read this extension (the mock, the sandbox and `roomkit verify` do).',
  'token-endpoint-is-followed':
    "The regenerated client follows the token endpoint's path, headers and answer fields (x-roomkit-token-endpoint); callers pass only their client credentials.",
} as const;

export type PolicyRule = keyof typeof policyRules;

export function sideOf(path: Path): Side {
  if (path[0] !== 'paths') return 'document';
  if (path[3] === 'responses') return 'response';
  if (path[3] === 'requestBody' || path[3] === 'parameters') return 'request';
  return 'document';
}

/** The index of the first documentation keyword in the path that is not a field name. */
function docKeywordAt(path: Path): number {
  return path.findIndex(
    (segment, i) => typeof segment === 'string' && DOC_KEYWORDS.has(segment) && path[i - 1] !== 'properties',
  );
}

function boundKind(keyword: string, diff: Diff): 'bound-narrowed' | 'bound-widened' | 'bound-changed' {
  const upper = UPPER_BOUNDS.has(keyword);
  if (diff.action === 'add') return 'bound-narrowed';
  if (diff.action === 'remove') return 'bound-widened';
  if (typeof diff.before !== 'number' || typeof diff.after !== 'number') return 'bound-changed';
  const lower = diff.after < diff.before;
  return lower === upper ? 'bound-narrowed' : 'bound-widened';
}

const added = (diff: Diff, noun: string) =>
  diff.action === 'add' ? `${noun}-added` : diff.action === 'remove' ? `${noun}-removed` : `${noun}-changed`;

/** What changed, named from the change's place in the document. */
export function kindOf(diff: Diff): string {
  const path = diff.path;
  const last = path.at(-1);
  const parent = path.at(-2);
  if (typeof path[0] === 'string' && DOC_ROOTS.has(path[0])) return 'docs';
  if (docKeywordAt(path) !== -1) return 'docs';
  if (last === 'deprecated') return 'deprecated';
  if (path[0] === 'servers') {
    if (path.length === 2) return added(diff, 'server');
    if (last === 'x-roomkit-region') return 'server-region-changed';
    if (last === 'url') return 'server-url-changed';
    return 'server-changed';
  }
  if (path[0] === 'security' || (path[0] === 'paths' && path[3] === 'security')) {
    const depth = path[0] === 'security' ? 2 : 5;
    return path.length === depth ? added(diff, 'security-requirement') : 'security-requirement-changed';
  }
  if (path[0] === 'components') {
    if (path[1] === 'securitySchemes') {
      // Where a bearer scheme's tokens come from: the Room Retrieve client's `{ clientId, clientSecret }` reads it.
      if (path[3] === 'x-roomkit-token-endpoint')
        return path.length === 4 ? added(diff, 'token-endpoint') : 'token-endpoint-changed';
      return path.length === 3 ? added(diff, 'security-scheme') : 'security-scheme-changed';
    }
    return path.length === 3 ? added(diff, 'component') : 'component-changed';
  }
  if (path[0] === 'paths') {
    if (path.length === 2) return added(diff, 'path');
    if (path.length === 3 && METHODS.has(String(path[2]))) return added(diff, 'operation');
    if (path[3] === 'parameters') {
      if (path.length === 5) return added(diff, 'parameter');
      if (path.length === 6 && last === 'required')
        return diff.after === true ? 'parameter-required' : 'parameter-optional';
    }
    if (path[3] === 'requestBody' && path.length === 5 && last === 'required')
      return diff.after === true ? 'request-body-required' : 'request-body-optional';
    if (path[3] === 'responses' && path.length === 5) return added(diff, 'response');
    if (parent === 'content' && path.indexOf('schema') === -1) return added(diff, 'media-type');
  }
  if (
    path.some(
      (segment, i) =>
        typeof segment === 'string' && EXTENSIONS_NOT_READ_BY_CLIENTS.has(segment) && path[i - 1] !== 'properties',
    )
  )
    return 'verifier-rule-changed';
  if (typeof last === 'string' && last.startsWith('x-')) return 'extension-changed';
  if (
    path.some((segment, i) => typeof segment === 'string' && segment.startsWith('x-') && path[i - 1] !== 'properties')
  )
    return 'extension-changed';
  if (parent === 'properties') return added(diff, 'field');
  if (parent === 'required' || last === 'required')
    return diff.action === 'add' ? 'field-required' : diff.action === 'remove' ? 'field-optional' : 'required-changed';
  if (parent === 'enum' || last === 'enum') return added(diff, 'enum-value');
  if (last === 'type' || parent === 'type') return 'type-changed';
  if (last === 'const') return 'const-changed';
  if (typeof last === 'string' && (UPPER_BOUNDS.has(last) || LOWER_BOUNDS.has(last))) return boundKind(last, diff);
  if (last === 'pattern') return 'pattern-changed';
  if (last === 'format') return 'format-changed';
  if (last === 'multipleOf' || last === 'uniqueItems') return 'validator-changed';
  if (last === 'additionalProperties') return 'additional-properties-changed';
  if (last === 'default') return 'default-changed';
  if (last === 'readOnly' || last === 'writeOnly') return 'access-changed';
  return 'other';
}

function libraryClassification(diff: Diff): Classification {
  switch (diff.type) {
    case 'breaking':
    case 'non-breaking':
    case 'unclassified':
      return diff.type;
    case 'annotation':
      return 'docs';
    case 'deprecated':
      return 'non-breaking';
    default:
      return 'unclassified';
  }
}

function policy(kind: string, side: Side, library: Classification): [Classification, PolicyRule?] {
  if (kind === 'docs') return ['docs'];
  if (kind === 'deprecated') return ['non-breaking'];
  if (REMOVALS.has(kind)) return ['breaking', 'removal-breaks-clients'];
  if (ADDITIONS.has(kind)) return ['non-breaking', 'additions-are-compatible'];
  switch (kind) {
    case 'field-required':
      return side === 'response'
        ? ['non-breaking', 'response-field-now-required']
        : ['breaking', 'request-field-now-required'];
    case 'field-optional':
      return side === 'response' ? ['breaking', 'response-field-may-be-absent'] : ['non-breaking'];
    case 'type-changed':
    case 'const-changed':
    case 'enum-value-changed':
      return ['breaking', 'type-changed'];
    case 'bound-widened':
      return ['non-breaking'];
    case 'bound-narrowed':
    case 'bound-changed':
    case 'pattern-changed':
    case 'format-changed':
    case 'validator-changed':
      return side === 'response' ? ['non-breaking', 'responses-are-not-validated'] : ['breaking'];
    case 'parameter-required':
    case 'request-body-required':
      return ['breaking'];
    case 'parameter-optional':
    case 'request-body-optional':
      return ['non-breaking'];
    case 'verifier-rule-changed':
      return ['non-breaking', 'not-read-by-clients'];
    case 'server-region-changed':
      return ['breaking', 'server-region-is-api'];
    case 'server-url-changed':
      return ['non-breaking', 'server-url-is-followed'];
    case 'token-endpoint-changed':
      return ['non-breaking', 'token-endpoint-is-followed'];
    default:
      return [library];
  }
}

/** Classifies one api-smart-diff difference under roomkit's policy. */
export function classifyChange(diff: Diff): Verdict {
  const kind = kindOf(diff);
  const side = sideOf(diff.path);
  const library = libraryClassification(diff);
  const [classification, rule] = policy(kind, side, library);
  return { kind, side, classification, ...(rule && classification !== library ? { rule } : {}) };
}
