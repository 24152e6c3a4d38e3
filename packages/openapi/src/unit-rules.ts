// Evaluates the object-level rules of `x-roomkit-rules` (relation, exactly-one, unique-by,
// sole-item) on one object. The sandbox uses this to refuse bad fixtures; the contract suite
// uses it as the oracle for every unit a vendor returns.
import { deref, resolvePointer, type OpenApiDocument } from './document.js';
import { rules, type Rule } from './extensions.js';

export interface RuleViolation {
  rule: string;
  /** Where in the object, dotted with indexes, e.g. `configuration.rooms[1]`. */
  path: string;
  message: string;
}

type ObjectRule = Extract<Rule, { kind: 'relation' | 'exactly-one' | 'unique-by' | 'sole-item' }>;
type Obj = Record<string, unknown>;

/** Every object at a dotted path with `[*]` wildcards, with its concrete path and schema. */
function objectsAt(
  doc: OpenApiDocument,
  root: unknown,
  rootSchema: unknown,
  at: string,
): { value: Obj; path: string; schema: Obj }[] {
  let found: { value: unknown; path: string; schema: unknown }[] = [{ value: root, path: '', schema: rootSchema }];
  for (const segment of at.split('.').filter(Boolean)) {
    const wildcard = segment.endsWith('[*]');
    const key = wildcard ? segment.slice(0, -3) : segment;
    const next: typeof found = [];
    for (const f of found) {
      if (!f.value || typeof f.value !== 'object') continue;
      const schema = deref<Obj>(doc, f.schema, '').value ?? {};
      const propSchema = ((schema.properties ?? {}) as Obj)[key];
      const child = (f.value as Obj)[key];
      const path = f.path ? `${f.path}.${key}` : key;
      if (!wildcard) {
        next.push({ value: child, path, schema: propSchema });
        continue;
      }
      if (!Array.isArray(child)) continue;
      const itemSchema = deref<Obj>(doc, propSchema, '').value?.items;
      child.forEach((item, i) => next.push({ value: item, path: `${path}[${i}]`, schema: itemSchema }));
    }
    found = next;
  }
  return found
    .filter(
      (f): f is { value: Obj; path: string; schema: unknown } =>
        !!f.value && typeof f.value === 'object' && !Array.isArray(f.value),
    )
    .map((f) => ({ ...f, schema: deref<Obj>(doc, f.schema, '').value ?? {} }));
}

/** A field's value, or its schema default when absent (the vendor applies defaults). */
function fieldValue(doc: OpenApiDocument, obj: Obj, schema: Obj, field: string): unknown {
  if (obj[field] !== undefined) return obj[field];
  const prop = deref<Obj>(doc, ((schema.properties ?? {}) as Obj)[field], '').value;
  return prop && typeof prop === 'object' ? prop.default : undefined;
}

const compare: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
};

function checkOne(
  doc: OpenApiDocument,
  rule: ObjectRule,
  obj: Obj,
  schema: Obj,
  path: string,
): RuleViolation | undefined {
  const where = path || '(root)';
  switch (rule.kind) {
    case 'relation': {
      const left = fieldValue(doc, obj, schema, rule.left);
      const right = fieldValue(doc, obj, schema, rule.right);
      if (typeof left !== 'number' || typeof right !== 'number') return undefined; // schema checks report types
      if (compare[rule.operator]!(left, right)) return undefined;
      return {
        rule: rule.name,
        path: where,
        message: `${rule.left} (${left}) must be ${rule.operator} ${rule.right} (${right})`,
      };
    }
    case 'exactly-one': {
      const items = obj[rule.array];
      if (!Array.isArray(items) || items.length === 0) return undefined;
      const count = items.filter((i) => i && typeof i === 'object' && (i as Obj)[rule.field] === rule.value).length;
      if (count === 1) return undefined;
      return {
        rule: rule.name,
        path: where,
        message: `exactly one of ${rule.array} must have ${rule.field} = ${JSON.stringify(rule.value)}, found ${count}`,
      };
    }
    case 'unique-by': {
      const items = obj[rule.array];
      if (!Array.isArray(items)) return undefined;
      const seen = new Set<unknown>();
      for (const item of items) {
        const v = item && typeof item === 'object' ? (item as Obj)[rule.field] : undefined;
        if (seen.has(v))
          return {
            rule: rule.name,
            path: where,
            message: `${rule.field} ${JSON.stringify(v)} repeats within ${rule.array}`,
          };
        seen.add(v);
      }
      return undefined;
    }
    case 'sole-item': {
      const items = obj[rule.array];
      if (!Array.isArray(items) || items.length <= 1) return undefined;
      const holder = items.findIndex((i) => i && typeof i === 'object' && (i as Obj)[rule.field] === rule.value);
      if (holder < 0) return undefined;
      return {
        rule: rule.name,
        path: where,
        message: `${rule.array}[${holder}] has ${rule.field} ${JSON.stringify(rule.value)} but ${rule.array} has ${items.length} items; it must be the only one`,
      };
    }
  }
}

/** Checks one object (for example a Room Retrieve unit) against every object-level rule whose subject is `subject`. */
export function checkObjectRules(doc: OpenApiDocument, subject: string, value: unknown): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const schema = deref<Obj>(doc, { $ref: subject }, subject).value;
  for (const rule of rules(doc)) {
    if (
      rule.kind !== 'relation' &&
      rule.kind !== 'exactly-one' &&
      rule.kind !== 'unique-by' &&
      rule.kind !== 'sole-item'
    )
      continue;
    if (rule.subject !== subject) continue;
    for (const target of objectsAt(doc, value, schema, rule.at)) {
      const v = checkOne(doc, rule, target.value, target.schema, target.path);
      if (v) violations.push(v);
    }
  }
  return violations;
}

/** The Room Retrieve unit rules (subject `#/components/schemas/Unit`). */
export function checkUnitRules(doc: OpenApiDocument, unit: unknown): RuleViolation[] {
  return checkObjectRules(doc, '#/components/schemas/Unit', unit);
}

/** The schemas object-level rules are about (their `subject`s). */
function ruleSubjects(doc: OpenApiDocument): Set<string> {
  return new Set(
    rules(doc)
      .filter((r): r is ObjectRule => ['relation', 'exactly-one', 'unique-by', 'sole-item'].includes(r.kind))
      .map((r) => r.subject),
  );
}

/**
 * Finds, in a value that the schema at `schemaPointer` describes (a response body), every object
 * whose schema is the subject of object-level rules, by walking the schema and the value together:
 * a Room Retrieve answer's units are found where the success schema refers to `Unit`, without
 * naming the field that holds them.
 */
export function subjectsIn(
  doc: OpenApiDocument,
  schemaPointer: string,
  value: unknown,
): { subject: string; path: string; value: unknown }[] {
  const subjects = ruleSubjects(doc);
  const found: { subject: string; path: string; value: unknown }[] = [];
  const walk = (node: unknown, at: unknown, path: string, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    // Any reference of a chain may name a subject (a response's schema refers to the answer's
    // schema); a subject may hold other subjects (an answer, then its units): keep walking.
    let link: unknown = node;
    for (let hops = 0; hops < 32 && link !== null && typeof link === 'object'; hops += 1) {
      const ref = (link as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string') break;
      if (subjects.has(ref)) {
        found.push({ subject: ref, path, value: at });
        break;
      }
      link = resolvePointer(doc, ref);
    }
    const schema = deref<Obj>(doc, node, '').value ?? {};
    if (Array.isArray(at)) {
      if (schema.items !== undefined) at.forEach((item, i) => walk(schema.items, item, `${path}[${i}]`, depth + 1));
      return;
    }
    if (at === null || typeof at !== 'object') return;
    for (const [key, child] of Object.entries((schema.properties ?? {}) as Obj)) {
      if (key in (at as Obj)) walk(child, (at as Obj)[key], path === '' ? key : `${path}.${key}`, depth + 1);
    }
  };
  walk({ $ref: schemaPointer }, value, '', 0);
  return found;
}

/** Every object-level rule, checked on every subject object inside a value of the schema at `schemaPointer`. */
export function checkRulesIn(doc: OpenApiDocument, schemaPointer: string, value: unknown): RuleViolation[] {
  return subjectsIn(doc, schemaPointer, value).flatMap(({ subject, path, value: object }) =>
    checkObjectRules(doc, subject, object).map((v) => ({ ...v, path: v.path === '' ? path : `${path}.${v.path}` })),
  );
}
