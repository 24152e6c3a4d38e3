// Finds the objects the object-level rules of `x-roomkit-rules` are about and asks each rule's
// kind (kinds/: relation, exactly-one, unique-by, sole-item) to judge them. The sandbox uses this
// to refuse bad fixtures; the contract suite uses it as the oracle for every unit a vendor returns.
import { deref, resolvePointer, type OpenApiDocument } from './document.js';
import { rules } from './extensions.js';
import { isObjectRule, OBJECT_RULE_KINDS, type ObjectRule } from './kinds/index.js';
import type { ObjectRuleKind, Obj } from './kinds/object-kind.js';

export interface RuleViolation {
  rule: string;
  /** Where in the object, dotted with indexes, e.g. `configuration.rooms[1]`. */
  path: string;
  message: string;
}

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

/** The rule's kind judges one object. */
function checkOne(
  doc: OpenApiDocument,
  rule: ObjectRule,
  obj: Obj,
  schema: Obj,
  path: string,
): RuleViolation | undefined {
  const kind = OBJECT_RULE_KINDS[rule.kind] as ObjectRuleKind<ObjectRule['kind']>;
  const message = kind.judge(doc, rule, obj, schema);
  return message === undefined ? undefined : { rule: rule.name, path: path || '(root)', message };
}

/** Checks one object (for example a Room Retrieve unit) against every object-level rule whose subject is `subject`. */
export function checkObjectRules(doc: OpenApiDocument, subject: string, value: unknown): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const schema = deref<Obj>(doc, { $ref: subject }, subject).value;
  for (const rule of rules(doc)) {
    if (!isObjectRule(rule) || rule.subject !== subject) continue;
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
      .filter(isObjectRule)
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
