// The words a person reads in roomkit's messages, in one place: the human names of the spec's
// collections (from the tags of their operations) and schema errors as sentences. The sandbox's
// answers, the contract's violations and the CLIs' errors all phrase these through here, so
// that a room type is called "room type" everywhere and a missing parameter reads the same.
import type { OpenApiDocument } from './document.js';
import { resources } from './extensions.js';
import { listOperations } from './operations.js';

/** A collection's human name: `one` for a single item, `many` for several. */
export interface Noun {
  one: string;
  many: string;
}

/** `roomTypes` -> `room types`: only for a collection that no tag names. */
function words(collection: string): string {
  return collection.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** English singular of a plural name, for a collection whose tag does not give `x-roomkit-singular`. */
function singularOf(plural: string): string {
  return plural.replace(/ies$/, 'y').replace(/s$/, '');
}

const nounCache = new WeakMap<OpenApiDocument, Map<string, Noun>>();

/**
 * The human name of a collection, read from the spec: the one tag its operations share gives the
 * plural (`Room Types` -> "room types") and its `x-roomkit-singular` the singular ("room type").
 * A collection without operations (the organizations that own properties) is named after its key.
 */
export function nounOf(doc: OpenApiDocument, collection: string): Noun {
  let byCollection = nounCache.get(doc);
  if (byCollection === undefined) {
    byCollection = new Map();
    nounCache.set(doc, byCollection);
    const tags = new Map(
      ((doc.tags ?? []) as { name: string; 'x-roomkit-singular'?: unknown }[]).map((t) => [t.name, t]),
    );
    const operations = listOperations(doc);
    for (const resource of Object.values(resources(doc))) {
      const ids = new Set(Object.values(resource.operations));
      const tagNames = new Set(operations.filter((o) => ids.has(o.operationId)).flatMap((o) => o.tags));
      const tag = tagNames.size === 1 ? tags.get([...tagNames][0]!) : undefined;
      if (tag === undefined) continue;
      const many = tag.name.toLowerCase();
      const one = typeof tag['x-roomkit-singular'] === 'string' ? tag['x-roomkit-singular'] : singularOf(many);
      byCollection.set(resource.name, { one, many });
    }
  }
  const known = byCollection.get(collection);
  if (known !== undefined) return known;
  const many = words(collection);
  return { one: singularOf(many), many };
}

/** "a room", "an organization". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What a schema error is about: `query parameter maxResults`, `body field name`, `the body`. */
function subjectOf(path: string): string {
  const [, place, ...rest] = path.split('/');
  const field = rest.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
  if (place === 'query' || place === 'path' || place === 'header') return `${place} parameter ${field || '(unnamed)'}`;
  if (place === 'body') return field === '' ? 'the body' : `body field ${field}`;
  // A path not prefixed with where it came from: a value validated on its own.
  const bare = path
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return bare === '' ? 'the value' : `field ${bare}`;
}

function child(subject: string, name: string): string {
  if (subject === 'the body' || subject === 'the value') return `${subject === 'the body' ? 'body ' : ''}field ${name}`;
  return `${subject}.${name}`;
}

const typeWords: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a JSON array',
  null: 'null',
};

/** A schema error as the validator reports it; keyword and params may be missing where a caller kept only path and message. */
export interface SchemaErrorLike {
  path: string;
  message: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/** One schema error as a sentence a person reads: "query parameter roomTypeId is required". */
export function describeSchemaError(error: SchemaErrorLike): string {
  const subject = subjectOf(error.path);
  const p = error.params ?? {};
  switch (error.keyword) {
    case 'required':
      return typeof p.missingProperty === 'string'
        ? `${child(subject, p.missingProperty)} is required`
        : `${subject} is required`;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extra = p.additionalProperty ?? p.unevaluatedProperty;
      return typeof extra === 'string'
        ? `${child(subject, extra)} is not allowed`
        : `${subject} has a field that is not allowed`;
    }
    case 'maximum':
      return `${subject} must be at most ${String(p.limit)}`;
    case 'minimum':
      return `${subject} must be at least ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `${subject} must be less than ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${subject} must be more than ${String(p.limit)}`;
    case 'maxLength':
      return `${subject} must be at most ${String(p.limit)} character${p.limit === 1 ? '' : 's'} long`;
    case 'minLength':
      return p.limit === 1
        ? `${subject} must not be empty`
        : `${subject} must be at least ${String(p.limit)} characters long`;
    case 'maxItems':
      return `${subject} must hold at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'minItems':
      return `${subject} must hold at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'pattern':
      return `${subject} must match the pattern ${String(p.pattern)}`;
    case 'format':
      return `${subject} must be a valid ${String(p.format)}`;
    case 'enum':
      return Array.isArray(p.allowedValues)
        ? `${subject} must be one of ${p.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : `${subject} must be one of its documented values`;
    case 'const':
      return `${subject} must be ${JSON.stringify(p.allowedValue)}`;
    case 'type': {
      if (typeof p.type !== 'string') return `${subject} ${error.message}`;
      const expected = p.type.split(',').map((t) => typeWords[t] ?? t);
      return `${subject} must be ${expected.join(' or ')}`;
    }
    default:
      return `${subject} ${error.message}`;
  }
}

/** Several schema errors as one sentence: the first few, and how many more there are. */
export function describeSchemaErrors(errors: readonly SchemaErrorLike[], shown = 5): string {
  const first = errors.slice(0, shown).map(describeSchemaError);
  return `${first.join('; ')}${errors.length > shown ? ` (and ${errors.length - shown} more)` : ''}`;
}

/** Where a `unique` rule's value clashes: "another room of this property". */
export function clashPlace(doc: OpenApiDocument, rule: { resource: string; scope: string }): string {
  return `another ${nounOf(doc, rule.resource).one} of this ${nounOf(doc, rule.scope).one}`;
}

/** A `unique` rule broken: `name "Suite 1" is already used by another room of this property`. */
export function alreadyUsed(
  doc: OpenApiDocument,
  rule: { resource: string; scope: string; field: string },
  value: unknown,
): string {
  return `${rule.field} ${JSON.stringify(value)} is already used by ${clashPlace(doc, rule)}`;
}

/** A `delete-requires-empty` rule's subject: "a property that still has room types". */
export function stillHasChildren(doc: OpenApiDocument, rule: { resource: string; children: string }): string {
  return `${withArticle(nounOf(doc, rule.resource).one)} that still has ${nounOf(doc, rule.children).many}`;
}

/** A phrase as a sentence of its own: capitalised, with a full stop. */
export function asSentence(phrase: string): string {
  const text = phrase.charAt(0).toUpperCase() + phrase.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

// Command-line words: every roomkit program refuses a bad flag value the same way.

/** `--runs must be a whole number of at least 1, got "0".` (`max`: "from 0 to 65535"). */
export function wholeNumberExpected(flag: string, value: unknown, bounds: { min: number; max?: number }): string {
  const range = bounds.max === undefined ? `of at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  return `${flag} must be a whole number ${range}, got ${JSON.stringify(String(value))}.`;
}

/** Whether a `--seed` value names a file rather than being a number. */
function looksLikePath(value: string): boolean {
  return /[/\\]|\.json$/i.test(value);
}

/**
 * `--seed` is the random seed of `roomkit verify` and the mock; the sandbox's seed file is
 * `--seed-file`. The message for a program given the other meaning.
 */
export function seedFlagMisused(program: 'sandbox' | 'verify', value: string): string {
  if (program === 'sandbox')
    return `--seed ${JSON.stringify(value)}: --seed is the random seed of roomkit verify and the mock; pass the sandbox's seed file as --seed-file <file>.`;
  return `--seed must be a 32-bit integer, got ${JSON.stringify(value)}${looksLikePath(value) ? ' (a seed file is for the sandbox: roomkit-sandbox --seed-file <file>)' : ''}.`;
}
